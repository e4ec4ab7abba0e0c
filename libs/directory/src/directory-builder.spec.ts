import type { FhirResource } from '@pds/fhir';
import type { ProviderDocument } from '@pds/search';
import { DirectoryBuilder } from './directory-builder';
import { InMemoryResourceStore } from '@pds/store/testing';
import {
  deliveryMethodExtension,
  healthcareService,
  insurancePlan,
  location,
  network,
  networkExtension,
  newPatientsExtension,
  organization,
  practitioner,
  practitionerRole,
  ref,
} from '@pds/directory/testing';

const SOURCE = 'payer-a';
const SOURCE_ID = 'acme';

/** Two payers, two networks, three plans, a clinic, two sites and one practitioner. */
function world(): FhirResource[] {
  return [
    organization('payer-1', { name: 'Acme' }),
    organization('payer-2', { name: 'Green Circle' }),
    organization('tpa-1', { name: 'Acme Administrators' }),
    network('net-ct', 'payer-1', { name: 'Acme CT PPO' }),
    network('net-ma', 'payer-2', { name: 'Green Circle MA HMO' }),
    organization('clinic', { name: 'Hartford Family Clinic' }),
    insurancePlan('plan-ct', { network: [ref('Organization/net-ct')], ownedBy: ref('Organization/payer-1'), administeredBy: ref('Organization/tpa-1') }),
    insurancePlan('plan-ma', { plan: [{ network: [ref('Organization/net-ma')] }], ownedBy: ref('Organization/payer-2') }),
    insurancePlan('plan-elsewhere', { network: [ref('Organization/net-ri')], ownedBy: ref('Organization/payer-1') }),
    location('hartford'),
    location('springfield', {
      address: { line: ['759 Chestnut St'], city: 'Springfield', state: 'MA', postalCode: '011991001' },
      position: { latitude: 42.1103, longitude: -72.5821 },
      telecom: [{ system: 'phone', value: '413-794-0000' }],
    }),
    practitioner('p-1'),
  ];
}

async function build(resources: FhirResource[], options?: { aliases?: Record<string, string>; batchSize?: number }) {
  const store = new InMemoryResourceStore().add(SOURCE, resources, options?.aliases);
  const batches: ProviderDocument[][] = [];
  for await (const batch of new DirectoryBuilder({ batchSize: options?.batchSize }).build(store, SOURCE, SOURCE_ID)) batches.push(batch);
  return { batches, documents: batches.flat(), store };
}

async function onlyDocument(resources: FhirResource[], aliases?: Record<string, string>): Promise<ProviderDocument> {
  const { documents } = await build(resources, { aliases });
  expect(documents).toHaveLength(1);
  return documents[0];
}

describe('DirectoryBuilder', () => {
  it('joins a role with its practitioner, organization, location, networks, plans and payers', async () => {
    const document = await onlyDocument([
      ...world(),
      practitionerRole('role-1', {
        telecom: [{ system: 'phone', value: '860-000-0001' }, { system: 'fax', value: '860-000-0002' }],
        specialty: [
          { coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '207Q00000X' }], text: 'Family Medicine' },
          { coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '207Q00000X', display: 'again' }] },
          { coding: [{ system: 'http://snomed.info/sct', code: '419772000' }] },
        ],
      }),
    ]);
    expect(document).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{1,511}$/),
      kind: 'practitioner',
      source: SOURCE,
      sourceId: SOURCE_ID,
      providerKey: 'npi:1234567893',
      practitionerRoleId: 'role-1',
      practitionerId: 'p-1',
      npi: '1234567893',
      name: 'Dr. Meg Nolan MD',
      familyName: 'Nolan',
      gender: 'female',
      languages: ['en'],
      specialties: [{ code: '207Q00000X', display: 'Family Medicine' }],
      qualifications: [],
      organization: { id: 'acme:clinic', fhirId: 'clinic', name: 'Hartford Family Clinic' },
      location: {
        id: 'hartford',
        name: 'Location hartford',
        address: { lines: ['80 Seymour St'], city: 'Hartford', state: 'CT', postalCode: '06106', text: '80 Seymour St, Hartford, CT 06106' },
        // The Location's position, not the Practitioner's (Denver) address.
        position: { latitude: 41.7544, longitude: -72.6833 },
        positionIssue: null,
      },
      phones: ['860-000-0001'],
      // Network, plan, payer and organization ids are scoped to the source: `<sourceId>:<fhirId>`.
      networks: [{ id: 'acme:net-ct', fhirId: 'net-ct', name: 'Acme CT PPO', payerIds: ['acme:payer-1', 'acme:tpa-1'] }],
      plans: [{ id: 'acme:plan-ct', fhirId: 'plan-ct', name: 'Plan plan-ct', payerIds: ['acme:payer-1', 'acme:tpa-1'], networkIds: ['acme:net-ct'] }],
      payers: [
        { id: 'acme:payer-1', fhirId: 'payer-1', name: 'Acme' },
        { id: 'acme:tpa-1', fhirId: 'tpa-1', name: 'Acme Administrators' },
      ],
      acceptingNewPatients: null,
      telehealth: false,
      serviceCategories: [],
      serviceTypes: [],
      hours: [],
      accessibility: [],
      endpoints: [],
      lastUpdated: null,
    });
  });

  it('carries office hours, accessibility, endpoints and lastUpdated as published', async () => {
    const accessible = (code: string, display?: string) => ({
      url: 'http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/accessibility',
      valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/AccessibilityCS', code, display }] },
    });
    const resources = [
      ...world().filter((resource) => resource.id !== 'hartford'),
      location('hartford', {
        extension: [accessible('adacomp'), accessible('pubtrans', 'Near the bus')],
        hoursOfOperation: [{ daysOfWeek: ['sat'], allDay: true }],
        endpoint: [ref('Endpoint/portal')],
      }),
      { resourceType: 'Endpoint', id: 'portal', name: 'Patient portal', address: 'https://portal.example', connectionType: { code: 'rest-non-fhir' } },
      { resourceType: 'Endpoint', id: 'video', name: 'Video visits', address: 'https://video.example', connectionType: { code: 'hl7-fhir-rest' } },
      practitionerRole('role-1', {
        meta: { lastUpdated: '2024-03-02T10:00:00Z' },
        availableTime: [{ daysOfWeek: ['mon', 'wed'], availableStartTime: '09:00:00', availableEndTime: '12:00:00' }, { allDay: true }],
        endpoint: [ref('Endpoint/video'), ref('Endpoint/missing')],
      }),
      practitionerRole('role-2', { location: [ref('Location/hartford')] }),
    ];
    const { documents } = await build(resources);
    const [first, second] = [...documents].sort((a, b) => a.practitionerRoleId.localeCompare(b.practitionerRoleId));
    expect(first).toMatchObject({
      lastUpdated: '2024-03-02T10:00:00Z',
      // The role's hours win over the location's; a row naming no day is dropped.
      hours: [{ daysOfWeek: ['mon', 'wed'], allDay: false, opens: '09:00:00', closes: '12:00:00' }],
      accessibility: [
        { code: 'adacomp', display: 'ADA compliant' },
        { code: 'pubtrans', display: 'Near the bus' },
      ],
      endpoints: [
        { id: 'video', name: 'Video visits', address: 'https://video.example', connectionType: 'hl7-fhir-rest' },
        { id: 'portal', name: 'Patient portal', address: 'https://portal.example', connectionType: 'rest-non-fhir' },
      ],
    });
    expect(second.hours).toEqual([{ daysOfWeek: ['sat'], allDay: true, opens: null, closes: null }]);
    expect(second.endpoints.map((endpoint) => endpoint.id)).toEqual(['portal']);
  });

  it('makes one document per location, with distinct stable ids', async () => {
    const resources = [
      ...world(),
      practitionerRole('role-1', { location: [ref('Location/hartford'), ref('Location/springfield'), ref('Location/hartford')] }),
    ];
    const first = (await build(resources)).documents;
    expect(first.map((document) => document.location.id)).toEqual(['hartford', 'springfield']);
    expect(new Set(first.map((document) => document.id)).size).toBe(2);
    expect((await build(resources)).documents.map((document) => document.id)).toEqual(first.map((document) => document.id));
  });

  it('keys a provider by NPI, else by its practitioner, else by its role', async () => {
    const withoutNpi = { identifier: [] };
    const resources = [
      ...world().filter((resource) => resource.id !== 'p-1'),
      practitioner('p-1'),
      practitioner('p-2', withoutNpi),
      practitionerRole('role-1', { location: [ref('Location/hartford'), ref('Location/springfield')] }),
      practitionerRole('role-2', { practitioner: ref('Practitioner/p-2') }),
      practitionerRole('role-3', { practitioner: undefined }),
    ];
    const keys = new Map((await build(resources)).documents.map((document) => [document.practitionerRoleId, document.providerKey]));
    expect(Object.fromEntries(keys)).toEqual({
      'role-1': 'npi:1234567893',
      'role-2': `${SOURCE}|Practitioner/p-2`,
      'role-3': `${SOURCE}|PractitionerRole/role-3`,
    });
  });

  it('takes phones from the location when the role has none', async () => {
    const document = await onlyDocument([...world(), practitionerRole('role-1', { location: [ref('Location/springfield')] })]);
    expect(document.phones).toEqual(['413-794-0000']);
  });

  it('joins networks through plan[].network, and de-duplicates plans and payers', async () => {
    const document = await onlyDocument([
      ...world(),
      insurancePlan('plan-both', { network: [ref('Organization/net-ct'), ref('Organization/net-ma')], ownedBy: ref('Organization/payer-1') }),
      practitionerRole('role-1', {
        extension: [networkExtension('Organization/net-ct'), networkExtension('Organization/net-ma'), networkExtension('Organization/net-ct')],
      }),
    ]);
    expect(document.networks.map((item) => item.fhirId)).toEqual(['net-ct', 'net-ma']);
    expect(document.plans.map((item) => item.fhirId).sort()).toEqual(['plan-both', 'plan-ct', 'plan-ma']);
    expect(document.payers.map((item) => item.fhirId).sort()).toEqual(['payer-1', 'payer-2', 'tpa-1']);
  });

  it('keeps a dangling network under its display name, with no plans', async () => {
    const document = await onlyDocument([...world(), practitionerRole('role-1', { extension: [networkExtension('Organization/net-gone', 'Gone Network')] })]);
    expect(document).toMatchObject({ networks: [{ fhirId: 'net-gone', name: 'Gone Network' }], plans: [], payers: [] });
  });

  describe('locations', () => {
    it("uses the HealthcareService's locations for a role without any", async () => {
      const { documents } = await build([
        ...world(),
        healthcareService('hs-1', { location: [ref('Location/hartford'), ref('Location/springfield')] }),
        practitionerRole('role-1', { location: undefined, healthcareService: [ref('HealthcareService/hs-1')] }),
      ]);
      expect(documents.map((document) => document.location.id)).toEqual(['hartford', 'springfield']);
    });

    it("falls back to the service's locations when none of the role's can be read", async () => {
      const { documents } = await build([
        ...world(),
        healthcareService('hs-1', { location: [ref('Location/springfield'), ref('Location/gone')] }),
        practitionerRole('role-1', { location: [ref('Location/demolished')], healthcareService: [ref('HealthcareService/hs-1')] }),
      ]);
      expect(documents.map((document) => document.location.id)).toEqual(['springfield']);
    });

    it('makes no document for a role without readable locations anywhere', async () => {
      const { documents } = await build([
        ...world(),
        healthcareService('virtual-only'),
        practitionerRole('no-location', { location: [], healthcareService: [ref('HealthcareService/virtual-only')] }),
        practitionerRole('dangling', { location: [ref('Location/demolished')] }),
      ]);
      expect(documents).toEqual([]);
    });
  });

  describe('reference forms', () => {
    it('resolves absolute URLs, with or without _history', async () => {
      const document = await onlyDocument([
        ...world(),
        practitionerRole('role-1', {
          practitioner: ref('https://payer.example/fhir/R4/Practitioner/p-1/_history/2'),
          location: [ref('https://payer.example/fhir/R4/Location/springfield')],
        }),
      ]);
      expect(document).toMatchObject({ practitionerId: 'p-1', npi: '1234567893', location: { id: 'springfield' } });
    });

    it('resolves a contained location and practitioner', async () => {
      const document = await onlyDocument([
        ...world(),
        practitionerRole('role-1', {
          contained: [location('site', { name: 'Contained site' }), practitioner('doc', { name: [{ text: 'Contained Doc' }] })],
          practitioner: ref('#doc'),
          location: [ref('#site')],
        }),
      ]);
      expect(document).toMatchObject({
        practitionerId: '#doc',
        name: 'Contained Doc',
        location: { id: '#site', name: 'Contained site', position: { latitude: 41.7544, longitude: -72.6833 } },
      });
    });

    it('resolves urn:uuid references and aliased absolute URLs through the store aliases', async () => {
      const document = await onlyDocument(
        [
          ...world(),
          practitionerRole('role-1', {
            practitioner: ref('urn:uuid:7d5c0a2e-0000-4000-8000-000000000001'),
            organization: ref('urn:uuid:7d5c0a2e-0000-4000-8000-000000000002'),
            location: [ref('https://other.example/fhir/Location/L-77')],
            extension: [networkExtension('urn:uuid:7d5c0a2e-0000-4000-8000-000000000003')],
          }),
        ],
        {
          'urn:uuid:7d5c0a2e-0000-4000-8000-000000000001': 'Practitioner/p-1',
          'urn:uuid:7d5c0a2e-0000-4000-8000-000000000002': 'Organization/clinic',
          'urn:uuid:7d5c0a2e-0000-4000-8000-000000000003': 'Organization/net-ma',
          'https://other.example/fhir/Location/L-77': 'Location/springfield',
        },
      );
      expect(document).toMatchObject({
        practitionerId: 'p-1',
        organization: { fhirId: 'clinic' },
        location: { id: 'springfield' },
        networks: [{ fhirId: 'net-ma' }],
        plans: [{ fhirId: 'plan-ma' }],
        payers: [{ fhirId: 'payer-2' }],
      });
    });

    it('skips an urn:uuid that no alias names', async () => {
      const { documents } = await build([...world(), practitionerRole('role-1', { location: [ref('urn:uuid:unknown')] })]);
      expect(documents).toEqual([]);
    });
  });

  describe('acceptingNewPatients', () => {
    const services = [
      healthcareService('hs-open', { extension: [newPatientsExtension('newpt')] }),
      healthcareService('hs-closed', { extension: [newPatientsExtension('existptonly')] }),
      healthcareService('hs-silent'),
    ];
    const openSite = location('open-site', { extension: [newPatientsExtension('newpt')] });
    const closedSite = location('closed-site', { extension: [newPatientsExtension('nopt')] });

    const service = (...ids: string[]) => ids.map((id) => ref(`HealthcareService/${id}`));
    const site = (id: string) => [ref(`Location/${id}`)];
    const roleSays = [newPatientsExtension('existptfam')];

    it.each([
      ['the role over its service and location', { extension: roleSays, healthcareService: service('hs-open'), location: site('open-site') }, false],
      ['the service over the location', { healthcareService: service('hs-open'), location: site('closed-site') }, true],
      ['any open service among several', { healthcareService: service('hs-closed', 'hs-open') }, true],
      ['a closed service', { healthcareService: service('hs-closed', 'hs-silent'), location: site('open-site') }, false],
      ['the location when nothing else says', { healthcareService: service('hs-silent'), location: site('closed-site') }, false],
      ['nothing', { healthcareService: service('hs-silent') }, null],
    ])('follows %s', async (_case, overrides, expected) => {
      const document = await onlyDocument([...world(), ...services, openSite, closedSite, practitionerRole('role-1', overrides)]);
      expect(document.acceptingNewPatients).toBe(expected);
    });
  });

  describe('telehealth', () => {
    it('is true for a virtual HealthcareService or a virtual Location only', async () => {
      const { documents } = await build([
        ...world(),
        healthcareService('hs-virtual', { extension: [deliveryMethodExtension('physical'), deliveryMethodExtension('virtual')] }),
        healthcareService('hs-physical', { extension: [deliveryMethodExtension('physical')] }),
        location('online', { physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'vi' }] } }),
        practitionerRole('virtual-service', { healthcareService: [ref('HealthcareService/hs-virtual')] }),
        practitionerRole('physical-service', { healthcareService: [ref('HealthcareService/hs-physical')] }),
        practitionerRole('virtual-site', { location: [ref('Location/online')] }),
      ]);
      const telehealth = Object.fromEntries(documents.map((document) => [document.practitionerRoleId, document.telehealth]));
      expect(telehealth).toEqual({ 'virtual-service': true, 'physical-service': false, 'virtual-site': true });
    });
  });

  describe('positions', () => {
    it('flags placeholder and outside-state positions of the source', async () => {
      const kansas = { latitude: 39.78373, longitude: -100.445882 };
      const fallbacks = Array.from({ length: 10 }, (_, index) =>
        location(`fallback-${index}`, { position: kansas, address: { line: [`${index} Elm St`], city: `Town ${index}`, state: 'CT' } }),
      );
      const { documents } = await build([
        ...world(),
        ...fallbacks,
        location('ig-example', { position: { latitude: 15, longitude: 3 }, address: { city: 'Anytown', state: 'CT', postalCode: '00014-1234' } }),
        practitionerRole('role-1', { location: [ref('Location/fallback-3'), ref('Location/ig-example'), ref('Location/hartford')] }),
      ]);
      expect(documents.map((document) => [document.location.id, document.location.position === null, document.location.positionIssue])).toEqual([
        ['fallback-3', true, 'placeholder'],
        ['ig-example', true, 'outside-state'],
        ['hartford', false, null],
      ]);
    });
  });

  describe('bad data', () => {
    it('reads a role whose practitioner is missing by its display, then by its organization', async () => {
      const { documents } = await build([
        ...world(),
        practitionerRole('dangling', { practitioner: ref('Practitioner/gone', 'Ann Gone') }),
        practitionerRole('anonymous', { practitioner: undefined }),
      ]);
      expect(documents.map((document) => [document.name, document.practitionerId, document.npi])).toEqual([
        ['Ann Gone', 'gone', null],
        ['Hartford Family Clinic', null, null],
      ]);
    });

    it('keeps a dangling organization under its display name', async () => {
      const document = await onlyDocument([...world(), practitionerRole('role-1', { organization: ref('Organization/closed', 'Closed Clinic') })]);
      expect(document.organization).toEqual({ id: 'acme:closed', fhirId: 'closed', name: 'Closed Clinic' });
    });

    it('reads a number NPI and never throws on wrong JSON types', async () => {
      const { documents } = await build([
        ...world(),
        practitioner('p-number', { identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: 1234567893 }], name: 'Dr Who' }),
        location('odd', { address: ['not an address'], position: { latitude: 'n/a', longitude: null }, telecom: 'call us' }),
        practitionerRole('number-npi', { practitioner: ref('Practitioner/p-number') }),
        practitionerRole('wrong-types', {
          practitioner: 42,
          organization: 'Organization/clinic',
          location: ref('Location/odd'),
          specialty: 5,
          extension: { url: 'oops' },
          healthcareService: [null, 7, { reference: ['HealthcareService/x'] }],
          telecom: [{ system: 'phone', value: 8605550100 }],
        }),
        practitionerRole('wrong-location-type', { location: [ref('Organization/clinic')] }),
      ]);
      expect(documents).toHaveLength(2);
      // A name that is no HumanName cannot be read: the organization names the document instead.
      expect(documents[0]).toMatchObject({ practitionerRoleId: 'number-npi', npi: '1234567893', name: 'Hartford Family Clinic' });
      expect(documents[1]).toMatchObject({
        practitionerRoleId: 'wrong-types',
        practitionerId: null,
        organization: null,
        specialties: [],
        networks: [],
        phones: ['8605550100'],
        location: { id: 'odd', address: null, position: null, positionIssue: null },
      });
    });
  });

  describe('batches', () => {
    it('yields one batch per role batch and fetches practitioners per batch', async () => {
      const roles = Array.from({ length: 5 }, (_, index) => practitionerRole(`role-${index}`));
      const store = new InMemoryResourceStore().add(SOURCE, [...world(), ...roles]);
      const getMany = jest.spyOn(store, 'getMany');
      const batches: ProviderDocument[][] = [];
      for await (const batch of new DirectoryBuilder({ batchSize: 2 }).build(store, SOURCE, SOURCE_ID)) batches.push(batch);
      expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
      expect(getMany.mock.calls).toEqual([
        [SOURCE, 'Practitioner', ['p-1']],
        [SOURCE, 'Practitioner', ['p-1']],
        [SOURCE, 'Practitioner', ['p-1']],
      ]);
    });

    it('yields nothing for an empty source', async () => {
      expect((await build([])).batches).toEqual([]);
    });
  });
});
