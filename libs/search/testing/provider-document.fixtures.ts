import type { PracticeLocation, ProviderDocument } from '@pds/search';

let sequence = 0;

/** A practice location in Philadelphia with a trusted position; override any field. */
export function practiceLocation(overrides: Partial<PracticeLocation> = {}): PracticeLocation {
  return {
    id: 'loc-1',
    name: 'Center City Clinic',
    address: { lines: ['1500 Market St'], city: 'Philadelphia', state: 'PA', postalCode: '19102', text: '1500 Market St, Philadelphia, PA 19102' },
    position: { latitude: 39.9526, longitude: -75.1652 },
    positionIssue: null,
    ...overrides,
  };
}

/**
 * A complete, valid search document with plain defaults; every call gets a fresh id and
 * NPI unless overridden. Set `id` explicitly whenever a test depends on id order.
 */
export function providerDocument(overrides: Partial<ProviderDocument> = {}): ProviderDocument {
  sequence++;
  const id = overrides.id ?? `doc-${String(sequence).padStart(6, '0')}`;
  const npi = overrides.npi === undefined ? String(1_000_000_000 + sequence) : overrides.npi;
  return {
    id,
    kind: 'practitioner',
    source: 'test-payer',
    providerKey: npi ? `npi:${npi}` : `test-payer|Practitioner/practitioner-${id}`,
    practitionerRoleId: `role-${id}`,
    practitionerId: `practitioner-${id}`,
    npi,
    name: 'Dana Whitfield',
    familyName: 'Whitfield',
    gender: 'female',
    languages: ['en'],
    specialties: [{ code: '207Q00000X', display: 'Family Medicine' }],
    qualifications: [
      { code: 'MD', display: 'Doctor of Medicine', issuer: 'Pennsylvania State Board of Medicine', identifier: 'MD-1234', status: 'active', whereValid: ['PA'], periodStart: '2010-06-01', periodEnd: null },
    ],
    organization: { id: 'org-1', name: 'Center City Health' },
    location: practiceLocation(),
    phones: ['215-555-0100'],
    networks: [{ id: 'net-1', name: 'Keystone Network', payerIds: ['payer-1'] }],
    plans: [{ id: 'plan-1', name: 'Keystone Silver', payerIds: ['payer-1'], networkIds: ['net-1'] }],
    payers: [{ id: 'payer-1', name: 'Keystone Health Plan' }],
    acceptingNewPatients: true,
    telehealth: false,
    serviceCategories: [],
    serviceTypes: [],
    hours: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], allDay: false, opens: '08:00:00', closes: '17:00:00' }],
    accessibility: [{ code: 'handiaccess', display: 'handicap accessible' }],
    endpoints: [],
    lastUpdated: '2024-05-01T10:00:00Z',
    ...overrides,
  };
}
