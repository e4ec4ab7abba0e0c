import { practiceLocation, providerDocument } from '../testing/provider-document.factory';
import { languageTags, toMeiliDocument } from './meilisearch.document';

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
      kind: 'practitioner',
      providerKey: 'npi:1234567893',
      name: 'Dana Whitfield',
      familyName: 'Whitfield',
      npi: '1234567893',
      gender: 'female',
      languages: ['en', 'es-mx'],
      languageTags: ['en', 'es-mx', 'es'],
      specialtyCodes: ['207Q00000X', '208D00000X'],
      specialtyDisplays: ['Family Medicine'],
      serviceCategoryCodes: ['urg', 'lab'],
      serviceDisplays: ['Urgent Care', 'Home Care/Housekeeping Assistance'],
      networkIds: ['net-1'],
      planIds: ['plan-1', 'plan-2'],
      payerIds: ['payer-1'],
      organizationId: 'org-1',
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

  it('omits _geo when the position is null, so radius filters exclude the document', () => {
    const meili = toMeiliDocument(providerDocument({ location: practiceLocation({ position: null, positionIssue: 'placeholder' }) }));
    expect('_geo' in meili).toBe(false);
  });

  it('maps a missing organization and address to nulls', () => {
    const meili = toMeiliDocument(providerDocument({ organization: null, location: practiceLocation({ address: null }) }));
    expect(meili).toMatchObject({ organizationId: null, organizationName: null, city: null, state: null, postalCode: null });
  });
});

describe('languageTags', () => {
  it('adds each primary subtag so "es" matches "es-MX" but not the reverse', () => {
    expect(languageTags(['zh-Hant-TW', 'es'])).toEqual(['zh-hant-tw', 'zh', 'es']);
  });
});
