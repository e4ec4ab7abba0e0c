import { practiceLocation, providerDocument } from '@pds/search/testing';
import { fromIdKey, idKey, languageTags, providerGroup, toMeiliDocument } from './meilisearch-document';

const hex = (value: string): string => Buffer.from(value, 'utf8').toString('hex');

describe('toMeiliDocument', () => {
  it('flattens what is filtered, faceted and searched, and keeps the whole document', () => {
    const document = providerDocument({
      id: 'doc-1',
      npi: '1234567893',
      languages: ['en', 'es-MX', 'ES-mx'],
      specialties: [
        { code: '207Q00000X', display: 'Family Medicine' },
        { code: '207Q00000X', display: 'Family Medicine' },
        { code: '208D00000X', display: null },
      ],
      networks: [{ id: 'net-1', name: 'N' }],
      plans: [
        { id: 'plan-1', name: 'P' },
        { id: 'plan-2', name: null },
      ],
      payers: [{ id: 'payer-1', name: 'Y' }],
      serviceCategories: [
        { code: 'urg', display: 'Urgent Care' },
        { code: 'lab', display: null },
      ],
      serviceTypes: [{ code: '8', display: 'Home Care/Housekeeping Assistance' }],
      location: practiceLocation({ address: { lines: [], city: 'Philadelphia', state: 'pa', postalCode: '19102', text: '' } }),
    });

    expect(toMeiliDocument(document)).toEqual({
      id: 'doc-1',
      idKey: hex('doc-1'),
      kind: 'practitioner',
      providerGroup: providerGroup('npi:1234567893'),
      name: 'Dana Whitfield',
      familyName: 'Whitfield',
      npi: '1234567893',
      gender: 'female',
      languages: ['en', 'es-mx'],
      languageTags: ['en', 'es-mx', 'es'],
      specialtyKeys: [hex('207Q00000X'), hex('208D00000X')],
      specialtyDisplays: ['Family Medicine'],
      serviceCategoryKeys: [hex('urg'), hex('lab')],
      serviceDisplays: ['Urgent Care', 'Home Care/Housekeeping Assistance'],
      networkKeys: [hex('net-1')],
      planKeys: [hex('plan-1'), hex('plan-2')],
      payerKeys: [hex('payer-1')],
      organizationKey: hex('org-1'),
      networkFhirKeys: [],
      planFhirKeys: [],
      payerFhirKeys: [],
      organizationFhirKey: null,
      organizationName: 'Center City Health',
      locationName: 'Center City Clinic',
      city: 'Philadelphia',
      state: 'PA',
      postalCode: '19102',
      acceptingNewPatients: true,
      telehealth: false,
      _geo: { lat: 39.9526, lng: -75.1652 },
      document,
    });
  });

  it('keys scoped ids for facets and filters, and their FHIR ids for bare filter values', () => {
    const scoped = (fhirId: string) => ({ id: `acme:${fhirId}`, fhirId, name: null });
    const meili = toMeiliDocument(providerDocument({ networks: [scoped('7')], plans: [scoped('9')], payers: [scoped('1')], organization: scoped('3') }));
    expect(meili).toMatchObject({
      networkKeys: [hex('acme:7')],
      networkFhirKeys: [hex('7')],
      planKeys: [hex('acme:9')],
      planFhirKeys: [hex('9')],
      payerKeys: [hex('acme:1')],
      payerFhirKeys: [hex('1')],
      organizationKey: hex('acme:3'),
      organizationFhirKey: hex('3'),
    });
  });

  it('omits _geo when the position is null, so radius filters exclude the document', () => {
    const meili = toMeiliDocument(providerDocument({ location: practiceLocation({ position: null, positionIssue: 'placeholder' }) }));
    expect('_geo' in meili).toBe(false);
  });

  it('maps a missing organization and address to nulls', () => {
    const meili = toMeiliDocument(providerDocument({ organization: null, location: practiceLocation({ address: null }) }));
    expect(meili).toMatchObject({ organizationKey: null, organizationName: null, city: null, state: null, postalCode: null });
  });
});

describe('toMeiliDocument on a long id', () => {
  it('refuses an id Meilisearch could not keep whole as a facet value, naming it', () => {
    expect(() => toMeiliDocument(providerDocument({ networks: [{ id: `net-${'x'.repeat(300)}`, name: null }] }))).toThrow(/"net-x+…" is 304 bytes; .* at most 234/);
  });
});

describe('idKey', () => {
  // What Meilisearch does to a string before filtering, sorting or deduplicating (milli's normalize_facet).
  const normalizeFacet = (value: string): string => value.trim().normalize('NFKD').toLowerCase();

  it('keeps ids that differ only in case apart through Meilisearch normalisation, and reads back', () => {
    const ids = ['Ab', 'aB', 'AB', 'ab', 'Émile', 'ﬁle'];
    expect(new Set(ids.map((id) => normalizeFacet(idKey(id)))).size).toBe(ids.length);
    expect(ids.map((id) => fromIdKey(idKey(id)))).toEqual(ids);
  });

  it('sorts base64url ids as the embedded engine does, by code unit', () => {
    const ids = ['_x', 'a0', 'A0', '-9', 'Z_', 'z-', '09', 'aa', 'aA'];
    const byCodeUnit = [...ids].sort();
    expect([...ids].sort((a, b) => (idKey(a) < idKey(b) ? -1 : 1))).toEqual(byCodeUnit);
  });
});

describe('providerGroup', () => {
  it('keeps provider keys that differ only in case apart, at a fixed length', () => {
    expect(providerGroup('src|Practitioner/Ab')).not.toBe(providerGroup('src|Practitioner/aB'));
    expect(providerGroup(`https://${'long.'.repeat(200)}example/fhir|Practitioner/1`)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('languageTags', () => {
  it('adds each primary subtag so "es" matches "es-MX" but not the reverse', () => {
    expect(languageTags(['zh-Hant-TW', 'es'])).toEqual(['zh-hant-tw', 'zh', 'es']);
  });
});
