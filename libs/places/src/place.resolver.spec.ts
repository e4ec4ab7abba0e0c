import * as zipcodes from 'zipcodes';
import { PlaceResolver, UnknownPlaceError } from './place.resolver';

describe('PlaceResolver', () => {
  const places = new PlaceResolver();
  const zip06510 = zipcodes.codes['06510'];

  it('geocodes a ZIP, and ZIP+4 with or without the hyphen, to the ZIP centroid', () => {
    for (const text of ['06510', '06510-1234', '065101234']) {
      expect(places.postalCode(text)).toEqual({ latitude: zip06510.latitude, longitude: zip06510.longitude, label: 'New Haven, CT 06510' });
    }
  });

  it('resolves a city with its state in any usual spelling to one point', () => {
    const expected = places.place('New Haven, CT');
    expect(expected.label).toBe('New Haven, CT');
    expect(expected.latitude).toBeCloseTo(41.31, 1);
    expect(expected.longitude).toBeCloseTo(-72.92, 1);
    for (const text of ['new haven ct', 'NEW HAVEN, Connecticut', ' New  Haven ,CT ']) expect(places.place(text)).toEqual(expected);
  });

  it('uses the ZIP when the text holds one', () => {
    expect(places.place('Hartford CT 06103').label).toBe('Hartford, CT 06103');
    expect(places.place('06510')).toEqual(places.postalCode('06510'));
  });

  it('picks the most populous of an ambiguous name and says so', () => {
    const springfield = places.place('Springfield');
    expect(springfield.label).toMatch(/^Springfield, MO \(the most populous of \d+ places named Springfield; add a state for another\)$/);
    expect(places.place('Springfield, MA').label).toBe('Springfield, MA');
    expect(places.place('Springfield MA').latitude).not.toBeCloseTo(springfield.latitude, 0);
  });

  it('knows the big cities USPS and GeoNames name differently, and Saint/St.', () => {
    expect(places.place('New York, NY').label).toBe('New York City, NY');
    expect(places.place('saint louis mo').label).toBe('St. Louis, MO');
  });

  it('refuses unknown places and ZIPs with at most three suggestions that resolve', () => {
    const refusal = (text: string): UnknownPlaceError => {
      try {
        places.place(text);
      } catch (error) {
        if (error instanceof UnknownPlaceError) return error;
      }
      throw new Error(`${text} resolved`);
    };
    const typo = refusal('Nwe Haven, CT');
    expect(typo.suggestions).toEqual(['New Haven, CT']);
    expect(typo.message).toContain('did you mean "New Haven, CT"?');
    const wrongState = refusal('Hartford TX');
    expect(wrongState.suggestions).toContain('Hartford, CT');
    expect(wrongState.suggestions.length).toBeLessThanOrEqual(3);
    for (const suggestion of [...typo.suggestions, ...wrongState.suggestions]) expect(() => places.place(suggestion)).not.toThrow();
    const zip = refusal('99999');
    expect(zip.suggestions).toHaveLength(3);
    for (const suggestion of zip.suggestions) expect(places.postalCode(suggestion).label).toContain(suggestion);
    expect(refusal('Qqqqzx').suggestions).toEqual([]);
    expect(() => places.postalCode('New Haven')).toThrow(/accepted: 5 digits or ZIP\+4/);
  });

  it('suggests places by prefix of name and state, most populous first, in a form place() accepts', () => {
    expect(places.suggest('new hav', 3)[0]).toBe('New Haven, CT');
    expect(places.suggest('new haven c', 3)).toEqual(['New Haven, CT']);
    const har = places.suggest('Har', 5);
    expect(har).toHaveLength(5);
    expect(har[0]).toBe('Hartford, CT');
    for (const suggestion of har) expect(places.place(suggestion).label).toBe(suggestion);
    expect(places.suggest('  ', 5)).toEqual([]);
  });
});
