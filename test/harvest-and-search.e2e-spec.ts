import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HarvestRunReport } from '@pds/harvest';
import { type TestFhirServer, planNetDataDir, startTestFhirServer } from '@pds/testing';
import { type GraphQLResponse, graphql } from './support/graphql-client';
import {
  type ExpectedDocument,
  countBy,
  expectedDocuments,
  haversineKm,
  idsWithNumericIdentifierValues as numericIds,
  numericIdentifierValues,
  plansByNetwork,
  practitionerNpi,
} from './support/plan-net-expectations';
import { expectedFacilities } from './support/plan-net-facilities';
import { type CliResult, type RunningService, runHarvestCli, serviceEnv, startApi } from './support/service-process';
import { type FacetData, HARTFORD, SEARCH_FACETS, SEARCH_PROVIDERS, type SearchData } from './search-queries';

jest.setTimeout(120_000);

const key = (roleId: string, locationId: string) => `${roleId}@${locationId}`;

/** Every page of a query, following endCursor, as a frontend's infinite scroll would. */
async function allPages(api: RunningService, variables: Record<string, unknown>) {
  const nodes: SearchData['searchProviders']['edges'][number]['node'][] = [];
  let after: string | null = null;
  for (;;) {
    const { data, errors }: GraphQLResponse<SearchData> = await graphql<SearchData>(api.url, SEARCH_PROVIDERS, {
      ...variables,
      first: 100,
      after,
    });
    expect(errors).toBeUndefined();
    nodes.push(...data!.searchProviders.edges.map((edge) => edge.node));
    if (!data!.searchProviders.pageInfo.hasNextPage) return { nodes, totalCount: data!.searchProviders.totalCount };
    after = data!.searchProviders.pageInfo.endCursor;
  }
}

describe('harvest a real Plan-Net directory through the CLI, then search it over GraphQL', () => {
  let fhir: TestFhirServer;
  let dataDir: string;
  let api: RunningService;
  let expected: ExpectedDocument[];
  let cli: CliResult;

  beforeAll(async () => {
    expected = expectedDocuments();
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-e2e-'));
    cli = await runHarvestCli([fhir.baseUrl], serviceEnv({ DATA_DIR: dataDir }));
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/PractitionerRole\s+2007 resources/);
    expect(cli.stdout).toMatch(new RegExp(`index: ${expected.length + expectedFacilities().length} documents`));
    api = await startApi(serviceEnv({ DATA_DIR: dataDir }));
  });

  afterAll(async () => {
    await api?.stop();
    await fhir?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('repairs and keeps the resources with a number where FHIR wants a string, quarantining none, and says so', async () => {
    const numeric = numericIdentifierValues();
    expect(new Set(numeric.map((found) => found.type))).toEqual(new Set(['Organization', 'Practitioner']));
    expect(numericIds('Organization')).toHaveLength(118);
    expect(numericIds('Practitioner')).toHaveLength(4);

    expect(cli.stdout).toMatch(/^ {2}Organization +193 resources in \d+ pages, \d+ requests, 118 repaired$/m);
    expect(cli.stdout).toMatch(/^ {2}Practitioner +2003 resources in \d+ pages, \d+ requests, 4 repaired$/m);
    expect(cli.stdout).not.toContain('quarantined');
    const shown = [...cli.stdout.matchAll(/^ {2}repaired (\w+)\/(\S+): (.*)$/gm)];
    expect(shown.map(([, type]) => type)).toEqual(['Organization', 'Organization', 'Practitioner', 'Practitioner']);
    for (const [, type, id, reason] of shown) {
      const { value } = numeric.find((found) => found.type === type && found.id === id)!;
      const where = `^${type}\\.[\\w.[\\]]*identifier\\[\\d+\\]\\.value`;
      expect(reason).toMatch(new RegExp(`${where} was the number ${value}; FHIR wants a string: made "${value}"$`));
    }

    // The repaired practitioners are served under their NPIs, their licence numbers as the digits published.
    const RECORD = /* GraphQL */ `
      query Record($npi: String) {
        provider(npi: $npi) { qualifications { identifier } locations { practitionerRoleId location { id } } }
      }
    `;
    type RecordData = {
      provider: { qualifications: { identifier: string | null }[]; locations: { practitionerRoleId: string; location: { id: string } }[] } | null;
    };
    for (const id of numericIds('Practitioner')) {
      const npi = practitionerNpi(id)!;
      const { data, errors } = await graphql<RecordData>(api.url, RECORD, { npi });
      expect(errors).toBeUndefined();
      expect(data!.provider!.qualifications.map((q) => q.identifier)).toEqual(
        expect.arrayContaining(numeric.filter((found) => found.id === id).map((found) => String(found.value))),
      );
      // A facility published with the same NPI shares the record (see ask-like-a-patient).
      const documents = [
        ...expected.filter((doc) => doc.provider === `npi:${npi}`).map((doc) => key(doc.roleId, doc.locationId)),
        ...expectedFacilities().filter((facility) => facility.provider === `npi:${npi}`).map((f) => key(f.ownerId, f.locationId)),
      ];
      expect(documents.length).toBeGreaterThan(0);
      expect(data!.provider!.locations.map((l) => key(l.practitionerRoleId, l.location.id)).sort()).toEqual(documents.sort());
    }
  });

  it('finds every family-medicine role within 15 km of Hartford, nearest first, with haversine distances', async () => {
    const near = { ...HARTFORD, radiusKm: 15 };
    const want = expected
      .filter((doc) => doc.specialties.includes('207Q00000X') && doc.position)
      .map((doc) => ({ key: key(doc.roleId, doc.locationId), km: haversineKm(HARTFORD, doc.position!) }))
      .filter((doc) => doc.km <= 15)
      .sort((a, b) => a.km - b.km);
    expect(want.length).toBeGreaterThan(0);

    const { nodes, totalCount } = await allPages(api, { filter: { specialties: ['207Q00000X'], near }, sort: 'DISTANCE' });

    expect(totalCount).toBe(want.length);
    expect(new Set(nodes.map((node) => key(node.practitionerRoleId, node.location.id)))).toEqual(
      new Set(want.map((doc) => doc.key)),
    );
    const distances = nodes.map((node) => node.distanceKm!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const node of nodes) {
      expect(node.specialties.map((s) => s.code)).toContain('207Q00000X');
      expect(node.distanceKm).toBeCloseTo(haversineKm(HARTFORD, node.location.position!), 3);
    }
  });

  it('filters by network id', async () => {
    const counts = countBy(expected.flatMap((doc) => [...new Set(doc.networks)]));
    const [network, count] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const { data } = await graphql<SearchData>(api.url, SEARCH_PROVIDERS, { filter: { networks: [network] }, first: 100 });
    expect(data!.searchProviders.totalCount).toBe(count);
    for (const edge of data!.searchProviders.edges) expect(edge.node.networks.map((n) => n.fhirId)).toContain(network);
  });

  it('lists, on each provider, the plans that use its networks, and filters by plan', async () => {
    const plans = plansByNetwork();
    const network = [...plans.keys()].find((id) => expected.some((doc) => doc.networks.includes(id)))!;
    const { data } = await graphql<SearchData>(api.url, SEARCH_PROVIDERS, { filter: { networks: [network] }, first: 20 });
    for (const edge of data!.searchProviders.edges) {
      expect(edge.node.plans.map((p) => p.fhirId)).toEqual(expect.arrayContaining([...plans.get(network)!]));
    }
    const plan = [...plans.get(network)!][0];
    const networksOfPlan = [...plans].filter(([, ids]) => ids.has(plan)).map(([id]) => id);
    const want = expected.filter((doc) => doc.networks.some((id) => networksOfPlan.includes(id))).length;
    const byPlan = await graphql<SearchData>(api.url, SEARCH_PROVIDERS, { filter: { plans: [plan] } });
    expect(byPlan.data!.searchProviders.totalCount).toBe(want);
  });

  it('filters by language (BCP-47) and by accepting new patients', async () => {
    const spanish = expected.filter((doc) => doc.languages.includes('es')).length;
    const accepting = expected.filter((doc) => doc.accepting === true).length;
    const bySpanish = await graphql<SearchData>(api.url, SEARCH_PROVIDERS, { filter: { languages: ['es'] } });
    const byAccepting = await graphql<SearchData>(api.url, SEARCH_PROVIDERS, { filter: { acceptingNewPatients: true } });
    expect(bySpanish.data!.searchProviders.totalCount).toBe(spanish);
    expect(byAccepting.data!.searchProviders.totalCount).toBe(accepting);
    for (const edge of bySpanish.data!.searchProviders.edges) expect(edge.node.languages).toContain('es');
  });

  it('answers the patient question: in-network, Spanish-speaking, accepting, nearby, nearest first', async () => {
    const near = { latitude: 41.82, longitude: -71.41, radiusKm: 25 };
    const network = expected.find((doc) => doc.languages.includes('es') && doc.networks.length > 0 && doc.position)!.networks[0];
    const want = expected.filter(
      (doc) =>
        doc.networks.includes(network) && doc.languages.includes('es') && doc.accepting === true && doc.position &&
        haversineKm(near, doc.position) <= 25,
    );
    const { nodes, totalCount } = await allPages(api, {
      filter: { networks: [network], languages: ['es'], acceptingNewPatients: true, near },
      sort: 'DISTANCE',
    });
    expect(totalCount).toBe(want.length);
    expect(new Set(nodes.map((n) => key(n.practitionerRoleId, n.location.id)))).toEqual(
      new Set(want.map((doc) => key(doc.roleId, doc.locationId))),
    );
  });

  it('filters by state, ZIP code and organization', async () => {
    const zip = expected.find((doc) => doc.zip && doc.state === 'RI')!.zip!;
    const organization = expected.find((doc) => doc.organizationId && doc.state === 'MA')!.organizationId!;
    const count = async (filter: Record<string, unknown>) =>
      (await graphql<SearchData>(api.url, SEARCH_PROVIDERS, { filter })).data!.searchProviders.totalCount;
    expect(await count({ states: ['RI'] })).toBe(expected.filter((doc) => doc.state === 'RI').length);
    expect(await count({ states: ['ct', 'MA'] })).toBe(expected.filter((doc) => doc.state === 'CT' || doc.state === 'MA').length);
    expect(await count({ postalCodes: [zip] })).toBe(expected.filter((doc) => doc.zip === zip).length);
    expect(await count({ organizations: [organization] })).toBe(expected.filter((doc) => doc.organizationId === organization).length);
  });

  it('limits to a map viewport with a bounding box', async () => {
    const box = { north: 41.9, south: 41.7, east: -72.5, west: -72.8 };
    const want = expected.filter(
      (doc) =>
        doc.position && doc.position.latitude <= box.north && doc.position.latitude >= box.south &&
        doc.position.longitude <= box.east && doc.position.longitude >= box.west,
    );
    expect(want.length).toBeGreaterThan(0);
    const { nodes, totalCount } = await allPages(api, { filter: { boundingBox: box } });
    expect(totalCount).toBe(want.length);
    expect(new Set(nodes.map((n) => key(n.practitionerRoleId, n.location.id)))).toEqual(
      new Set(want.map((doc) => key(doc.roleId, doc.locationId))),
    );
  });

  it('gives one edge per provider when asked, listing its other locations', async () => {
    const inRhodeIsland = expected.filter((doc) => doc.state === 'RI');
    const providers = new Set(inRhodeIsland.map((doc) => doc.provider));
    const query = `query($f: ProviderFilter, $after: String) {
      searchProviders(filter: $f, onePerProvider: true, first: 100, after: $after) {
        totalCount edges { node { providerKey location { id } otherLocations { location { id } } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Grouped = { searchProviders: { totalCount: number; edges: { node: { providerKey: string; location: { id: string }; otherLocations: { location: { id: string } }[] } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const seen: Grouped['searchProviders']['edges'][number]['node'][] = [];
    let after: string | null = null;
    for (;;) {
      const page: GraphQLResponse<Grouped> = await graphql<Grouped>(api.url, query, { f: { states: ['RI'] }, after });
      expect(page.errors).toBeUndefined();
      expect(page.data!.searchProviders.totalCount).toBe(providers.size);
      seen.push(...page.data!.searchProviders.edges.map((edge) => edge.node));
      if (!page.data!.searchProviders.pageInfo.hasNextPage) break;
      after = page.data!.searchProviders.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(providers.size);
    expect(new Set(seen.map((node) => node.providerKey)).size).toBe(providers.size);
    const locations = seen.reduce((sum, node) => sum + 1 + node.otherLocations.length, 0);
    expect(locations).toBe(inRhodeIsland.length);
  });

  it('counts facets over the whole match, equal to counts in the raw data', async () => {
    const { data } = await graphql<FacetData>(api.url, SEARCH_FACETS, {});
    const facets = data!.searchProviders.facets;
    expect(data!.searchProviders.totalCount).toBe(expected.length);
    const asMap = (list: { value: string; count: number }[]) => new Map(list.map((f) => [f.value, f.count]));
    expect(asMap(facets.specialty)).toEqual(countBy(expected.flatMap((doc) => [...new Set(doc.specialties)])));
    expect(asMap(facets.language)).toEqual(countBy(expected.flatMap((doc) => [...new Set(doc.languages)])));
    // Network facets count scoped ids (`<source id>:<FHIR id>`); the one source's FHIR ids are the raw data's.
    const [sourceId] = facets.network[0].value.split(':');
    expect(asMap(facets.network)).toEqual(countBy(expected.flatMap((doc) => [...new Set(doc.networks)].map((id) => `${sourceId}:${id}`))));
    const acceptingCounts = countBy(expected.filter((d) => d.accepting !== null).map((d) => String(d.accepting)));
    expect(asMap(facets.acceptingNewPatients)).toEqual(acceptingCounts);
  });

  it('pages with cursors without gaps or repeats', async () => {
    const { nodes, totalCount } = await allPages(api, { filter: { languages: ['en'] } });
    expect(nodes).toHaveLength(totalCount);
    expect(new Set(nodes.map((n) => key(n.practitionerRoleId, n.location.id))).size).toBe(totalCount);
  });

  it('serves the same answers after a restart on the same DATA_DIR, without harvesting again', async () => {
    const variables = { filter: { specialties: ['207Q00000X'], near: { ...HARTFORD, radiusKm: 15 } }, sort: 'DISTANCE' };
    const before = await graphql<SearchData>(api.url, SEARCH_PROVIDERS, variables);
    const requestsBefore = fhir.requests.length;
    await api.stop();
    api = await startApi(serviceEnv({ DATA_DIR: dataDir }));
    const after = await graphql<SearchData>(api.url, SEARCH_PROVIDERS, variables);
    expect(after.data).toEqual(before.data);
    expect(fhir.requests.length).toBe(requestsBefore);
  });
});

describe('harvest the same directory from its NDJSON files, given as a relative path', () => {
  let dataDir: string;
  let api: RunningService;

  afterAll(async () => {
    await api?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('serves the same documents as the harvest over FHIR', async () => {
    const expected = expectedDocuments();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-e2e-dir-'));
    const cli = await runHarvestCli([path.relative(process.cwd(), planNetDataDir())], serviceEnv({ DATA_DIR: dataDir }));
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(new RegExp(`^OK +file://${planNetDataDir()} \\(full,`));
    expect(cli.stdout).toMatch(new RegExp(`index: ${expected.length + expectedFacilities().length} documents`));

    api = await startApi(serviceEnv({ DATA_DIR: dataDir }));
    const { nodes, totalCount } = await allPages(api, {});
    expect(totalCount).toBe(expected.length);
    expect(nodes.map((n) => key(n.practitionerRoleId, n.location.id)).sort()).toEqual(expected.map((d) => key(d.roleId, d.locationId)).sort());
  });

  it('reports the repairs in the --json run report: per type, in the totals, and a sample per type with reasons', async () => {
    const jsonDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-e2e-json-'));
    const cli = await runHarvestCli(['--json', planNetDataDir()], serviceEnv({ DATA_DIR: jsonDataDir }));
    await fs.rm(jsonDataDir, { recursive: true, force: true });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const [run] = (JSON.parse(cli.stdout) as HarvestRunReport).runs;

    const [organizations, practitioners] = [numericIds('Organization'), numericIds('Practitioner')];
    expect(run.types.Organization).toMatchObject({ resources: 193, repaired: organizations.length, quarantined: 0 });
    expect(run.types.Practitioner).toMatchObject({ resources: 2003, repaired: practitioners.length, quarantined: 0 });
    expect(run.totals).toMatchObject({ repaired: organizations.length + practitioners.length, quarantined: 0 });
    expect(run.quarantine).toEqual([]);
    const sampled = (type: string) => run.repairs.filter((sample) => sample.type === type);
    expect(sampled('Practitioner').map((sample) => sample.id).sort()).toEqual(practitioners);
    expect(sampled('Organization')).toHaveLength(10);
    for (const sample of [...sampled('Organization'), ...sampled('Practitioner')]) {
      expect([...organizations, ...practitioners]).toContain(sample.id);
      expect(sample.reasons).toEqual([expect.stringMatching(/identifier\[\d+\]\.value was the number \d+; FHIR wants a string: made "\d+"$/)]);
    }
  });
});
