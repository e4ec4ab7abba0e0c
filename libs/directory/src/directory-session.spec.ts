import type { FhirResource } from '@pds/fhir';
import { DirectoryBuilder } from './directory-builder';
import type { RoleBuild } from './role-build';
import { InMemoryResourceStore } from '@pds/store/testing';
import {
  healthcareService,
  insurancePlan,
  location,
  network,
  organization,
  practitioner,
  practitionerRole,
  ref,
} from '@pds/directory/testing';

const SOURCE = 'payer-a';
const SOURCE_ID = 'acme';

function world(): FhirResource[] {
  return [
    organization('payer-1'),
    organization('tpa-1'),
    network('net-ct', 'payer-1'),
    organization('clinic'),
    insurancePlan('plan-ct', {
      network: [ref('Organization/net-ct')],
      plan: [{ network: [ref('Organization/net-dangling')] }],
      ownedBy: ref('Organization/payer-1'),
      administeredBy: ref('Organization/tpa-1'),
    }),
    location('hartford'),
    location('springfield', { position: { latitude: 42.1103, longitude: -72.5821 } }),
    practitioner('p-1'),
  ];
}

async function buildRoles(resources: FhirResource[], roleIds: string[], aliases?: Record<string, string>): Promise<RoleBuild[]> {
  const store = new InMemoryResourceStore().add(SOURCE, resources, aliases);
  const builds: RoleBuild[] = [];
  for await (const batch of new DirectoryBuilder({ batchSize: 2 }).buildRoles(store, SOURCE, SOURCE_ID, roleIds, async () => new Set())) builds.push(...batch);
  return builds;
}

describe('DirectorySession', () => {
  it("records a role's inputs: practitioner, organization, sites, services, networks and the networks' payers", async () => {
    const [build] = await buildRoles(
      [...world(), practitionerRole('r1', { healthcareService: [ref('HealthcareService/hs-1')] }), healthcareService('hs-1')],
      ['r1'],
    );
    expect(build).toMatchObject({ roleId: 'r1', exists: true, documents: [{ practitionerRoleId: 'r1' }] });
    expect(build.inputs).toEqual([
      'HealthcareService/hs-1',
      'Location/hartford',
      'Organization/clinic',
      'Organization/net-ct',
      'Organization/payer-1',
      'Practitioner/p-1',
    ]);
  });

  it("records the sites of a role's services when the role names none, and dangling references", async () => {
    const [build] = await buildRoles(
      [
        ...world(),
        practitionerRole('r1', {
          practitioner: ref('Practitioner/p-missing'),
          location: [ref('Location/not-yet')],
          healthcareService: [ref('HealthcareService/hs-1')],
          extension: [],
        }),
        healthcareService('hs-1', { location: [ref('Location/springfield')] }),
      ],
      ['r1'],
    );
    expect(build.documents.map((document) => document.location.id)).toEqual(['springfield']);
    expect(build.inputs).toEqual([
      'HealthcareService/hs-1',
      'Location/not-yet',
      'Location/springfield',
      'Organization/clinic',
      'Practitioner/p-missing',
    ]);
  });

  it('records what aliases resolve to, and leaves contained resources to their container', async () => {
    const [build] = await buildRoles(
      [
        ...world(),
        practitionerRole('r1', {
          contained: [location('site'), practitioner('doc')],
          practitioner: ref('#doc'),
          location: [ref('#site'), ref('urn:uuid:1')],
        }),
      ],
      ['r1'],
      { 'urn:uuid:1': 'Location/springfield' },
    );
    expect(build.documents).toHaveLength(2);
    expect(build.inputs).toEqual(['Location/springfield', 'Organization/clinic', 'Organization/net-ct', 'Organization/payer-1']);
  });

  it('answers a role the store does not hold as gone, and keeps one without sites with what it read', async () => {
    // Without a site nothing else is read: only a change to the role (or a service it names) can give it documents.
    const builds = await buildRoles([...world(), practitionerRole('r1', { location: [] })], ['r1', 'r-gone', 'r1']);
    expect(builds).toEqual([
      { roleId: 'r1', exists: true, documents: [], inputs: ['Practitioner/p-1'] },
      { roleId: 'r-gone', exists: false, documents: [], inputs: [] },
    ]);
  });

  it('gives the same documents per role as a full build', async () => {
    const resources = [...world(), practitionerRole('r1'), practitionerRole('r2', { location: [ref('Location/springfield'), ref('Location/hartford')] })];
    const store = new InMemoryResourceStore().add(SOURCE, resources);
    const builder = new DirectoryBuilder();
    const full = [];
    for await (const batch of builder.build(store, SOURCE, SOURCE_ID)) full.push(...batch);
    const some = (await buildRoles(resources, ['r2', 'r1'])).flatMap((build) => build.documents);
    expect(some.sort((a, b) => a.id.localeCompare(b.id))).toEqual(full.sort((a, b) => a.id.localeCompare(b.id)));
  });

  it("lists each plan's networks and payers, and the placeholder points with the Locations on them", async () => {
    const crowd = Array.from({ length: 10 }, (_, n) =>
      location(`crowd-${n}`, { address: { line: [`${n} Main St`], city: 'Lebanon', state: 'KS' }, position: { latitude: 39.8, longitude: -98.6 } }),
    );
    const store = new InMemoryResourceStore().add(SOURCE, [...world(), ...crowd]);
    const session = await new DirectoryBuilder().open(store, SOURCE, SOURCE_ID);
    expect(session.planLinks).toEqual(
      new Map([['plan-ct', { networks: ['net-ct', 'net-dangling'], payers: ['payer-1', 'tpa-1'] }]]),
    );
    expect(session.placeholderPoints()).toEqual(['0,0', '39.8,-98.6']);
    expect(session.locationsAt(new Set(['39.8,-98.6'])).sort()).toEqual(crowd.map((item) => item.id).sort());
    expect(session.locationsAt(new Set())).toEqual([]);
  });

  it("keeps each role's inputs apart when a batch is built concurrently", async () => {
    const builds = await buildRoles([...world(), practitionerRole('r1'), practitionerRole('r2', { organization: ref('Organization/tpa-1') })], ['r1', 'r2']);
    expect(builds[0].inputs).toContain('Organization/clinic');
    expect(builds[0].inputs).not.toContain('Organization/tpa-1');
    expect(builds[1].inputs).not.toContain('Organization/clinic');
  });
});
