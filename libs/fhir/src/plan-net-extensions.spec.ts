import {
  PLAN_NET_EXTENSION,
  acceptingNewPatients,
  communicationProficiency,
  deliveryMethods,
  findExtensions,
  locationReferences,
  networkReferences,
} from './plan-net-extensions';

const newPatients = (...codes: string[]) => ({
  extension: codes.map((code) => ({
    url: PLAN_NET_EXTENSION.newPatients,
    extension: [{ url: 'acceptingPatients', valueCodeableConcept: { coding: [{ code }] } }],
  })),
});

describe('Plan-Net extensions', () => {
  it('finds extensions by URL and ignores malformed entries', () => {
    const element = { extension: [null, 'x', { url: PLAN_NET_EXTENSION.accessibility }, { url: 'other' }] };
    expect(findExtensions(element, PLAN_NET_EXTENSION.accessibility)).toHaveLength(1);
    expect(findExtensions({ extension: { url: PLAN_NET_EXTENSION.accessibility } }, PLAN_NET_EXTENSION.accessibility)).toEqual([]);
    expect(findExtensions(undefined, PLAN_NET_EXTENSION.accessibility)).toEqual([]);
  });

  it('reads network and location references', () => {
    const element = {
      extension: [
        { url: PLAN_NET_EXTENSION.networkReference, valueReference: { reference: 'Organization/net-1' } },
        { url: PLAN_NET_EXTENSION.networkReference, valueString: 'not a reference' },
        { url: PLAN_NET_EXTENSION.locationReference, valueReference: { reference: 'Location/state-ct' } },
      ],
    };
    expect(networkReferences(element)).toEqual([{ reference: 'Organization/net-1' }]);
    expect(locationReferences(element)).toEqual([{ reference: 'Location/state-ct' }]);
  });

  it.each([
    [['newpt'], true],
    [['nopt'], false],
    [['existptonly'], false],
    [['existptfam'], false],
    [['nopt', 'newpt'], true],
    [[], null],
  ])('maps acceptingPatients %p to %p', (codes, expected) => {
    expect(acceptingNewPatients(newPatients(...codes))).toBe(expected);
  });

  it('reads delivery-method types', () => {
    const service = {
      extension: [
        {
          url: PLAN_NET_EXTENSION.deliveryMethod,
          extension: [
            { url: 'type', valueCodeableConcept: { coding: [{ code: 'virtual' }] } },
            { url: 'virtualModalities', valueCodeableConcept: { coding: [{ code: 'web' }] } },
          ],
        },
      ],
    };
    expect(deliveryMethods(service)).toEqual(['virtual']);
    expect(deliveryMethods({})).toEqual([]);
  });

  it('reads communication proficiency', () => {
    const communication = {
      extension: [
        { url: PLAN_NET_EXTENSION.communicationProficiency, valueCodeableConcept: { coding: [{ code: '50' }] } },
      ],
      coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }],
    };
    expect(communicationProficiency(communication)).toBe('50');
    expect(communicationProficiency({ coding: [] })).toBeNull();
  });
});
