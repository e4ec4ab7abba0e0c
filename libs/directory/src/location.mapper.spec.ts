import { isVirtualLocation, PositionScreen, readAddress, readPosition, toPracticeLocation } from './location.mapper';
import { location } from '@pds/directory/testing';

const KANSAS_FALLBACK = { latitude: 39.78373, longitude: -100.445882 };

/** `count` Locations on one point, each at a different street address. */
function sharingPoint(count: number, point = KANSAS_FALLBACK) {
  return Array.from({ length: count }, (_, index) =>
    location(`shared-${index}`, { position: point, address: { line: [`${index} Main St`], city: 'Hartford', state: 'CT' } }),
  );
}

describe('readAddress', () => {
  it.each([
    ['06106', '06106'],
    ['061065037', '06106'],
    ['06106-5037', '06106'],
    [' 02905 ', '02905'],
    ['00000', null],
    ['', null],
    ['ABCDE', null],
    // The harvest repairs a number into a zero-padded string; one that reaches the mapper unrepaired is not a ZIP.
    [6106, null],
  ])('normalizes postal code %p to %p', (postalCode, expected) => {
    expect(readAddress({ city: 'X', postalCode })?.postalCode).toBe(expected);
  });

  it('upper-cases the state and assembles text when none is published', () => {
    expect(readAddress({ line: ['1 Main St', 7, ''], city: 'Providence', state: 'ri', postalCode: '02903' })).toEqual({
      lines: ['1 Main St', '7'],
      city: 'Providence',
      state: 'RI',
      postalCode: '02903',
      text: '1 Main St, 7, Providence, RI 02903',
    });
  });

  it('keeps published text, reads an array as its first address, and drops empty ones', () => {
    expect(readAddress([{ text: '9 Branch St, Methuen, MA', city: 'Methuen' }])?.text).toBe('9 Branch St, Methuen, MA');
    expect(readAddress({ text: ',  00000', postalCode: '00000' })).toBeNull();
    expect(readAddress({ text: ',  00000', city: 'Bristol' })?.text).toBe('Bristol');
    expect(readAddress('1 Main St')).toBeNull();
    expect(readAddress(undefined)).toBeNull();
  });
});

describe('readPosition', () => {
  it('reads numbers and numeric strings', () => {
    expect(readPosition(location('a', { position: { latitude: '41.5', longitude: -72 } }))).toEqual({ latitude: 41.5, longitude: -72 });
  });

  it.each([[undefined], [{ latitude: 41 }], [{ latitude: 'north', longitude: -72 }], [{ latitude: 95, longitude: -72 }], ['41,-72']])(
    'gives null for %p',
    (position) => {
      expect(readPosition(location('a', { position }))).toBeNull();
    },
  );
});

describe('PositionScreen', () => {
  it('flags a point shared by ten Locations at different addresses as a placeholder', () => {
    const locations = sharingPoint(10);
    const screen = new PositionScreen(locations);
    expect(toPracticeLocation(locations[0], 'shared-0', screen)).toMatchObject({ position: null, positionIssue: 'placeholder' });
  });

  it('trusts a point shared by fewer, or by many Locations at one address (a campus)', () => {
    const campus = Array.from({ length: 12 }, (_, index) => location(`building-${index}`));
    const screen = new PositionScreen([...sharingPoint(9, { latitude: 41.76, longitude: -72.68 }), ...campus]);
    expect(screen.issue({ latitude: 41.76, longitude: -72.68 }, readAddress(location('x').address))).toBeNull();
    expect(toPracticeLocation(campus[0], 'building-0', screen)).toMatchObject({
      position: { latitude: 41.7544, longitude: -72.6833 },
      positionIssue: null,
    });
  });

  it('flags a position far outside its address state (the IG examples)', () => {
    const example = location('CancerClinicLoc', {
      position: { latitude: 15, longitude: 3 },
      address: { line: ['456 Main Street'], city: 'Anytown', state: 'CT', postalCode: '00014-1234' },
    });
    expect(toPracticeLocation(example, example.id, new PositionScreen([example]))).toMatchObject({
      position: null,
      positionIssue: 'outside-state',
      address: { state: 'CT', postalCode: '00014' },
    });
  });

  it('tolerates a position just across the state line', () => {
    // Westerly, RI, published with a point 10 km west, in Connecticut.
    const nearBorder = location('westerly', { position: { latitude: 41.37, longitude: -71.95 }, address: { state: 'RI' } });
    expect(new PositionScreen([nearBorder]).issue(readPosition(nearBorder)!, readAddress(nearBorder.address))).toBeNull();
  });

  it('cannot judge a position without a known state', () => {
    const screen = new PositionScreen([]);
    expect(screen.issue({ latitude: 15, longitude: 3 }, readAddress({ city: 'Anytown' }))).toBeNull();
    expect(screen.issue({ latitude: 15, longitude: 3 }, readAddress({ state: 'Connecticut' }))).toBeNull();
  });

  it('treats (0, 0) as a placeholder', () => {
    expect(new PositionScreen([]).issue({ latitude: 0, longitude: 0 }, null)).toBe('placeholder');
  });

  it('leaves a Location without position unflagged', () => {
    const unplaced = location('unplaced', { position: undefined });
    expect(toPracticeLocation(unplaced, 'unplaced', new PositionScreen([unplaced]))).toMatchObject({
      position: null,
      positionIssue: null,
    });
  });
});

describe('isVirtualLocation', () => {
  it('reads the location-physical-type "vi" code', () => {
    const virtual = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'vi' }] };
    expect(isVirtualLocation(location('v', { physicalType: virtual }))).toBe(true);
    expect(isVirtualLocation(location('b', { physicalType: { coding: [{ code: 'bu' }] } }))).toBe(false);
    expect(isVirtualLocation(location('n'))).toBe(false);
  });
});
