import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { planNetDataDir, startTestFhirServer, type TestFhirServer } from '@pds/testing';
import { graphql } from './support/graphql-client';
import { haversineKm } from './support/plan-net-expectations';
import { type ExpectedFacility, expectedFacilities } from './support/plan-net-facilities';
import { type RunningService, runHarvestCli, serviceEnv, startApi } from './support/service-process';
import { HARTFORD } from './search-queries';

jest.setTimeout(120_000);

const FACILITIES = /* GraphQL */ `
  query Facilities($filter: ProviderFilter, $sort: ProviderSort, $after: String) {
    searchProviders(filter: $filter, sort: $sort, first: 100, after: $after) {
      totalCount
      edges { node { kind practitionerRoleId providerKey name distanceKm serviceCategories { code display } location { id } } }
      pageInfo { hasNextPage endCursor }
      facets { kind { value count } serviceCategory { value count } }
    }
  }
`;
interface Node {
  kind: string;
  practitionerRoleId: string;
  providerKey: string;
  name: string;
  distanceKm: number | null;
  serviceCategories: { code: string; display: string | null }[];
  location: { id: string };
}
interface Page {
  searchProviders: {
    totalCount: number;
    edges: { node: Node }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: { kind: { value: string; count: number }[]; serviceCategory: { value: string; count: number }[] };
  };
}

const key = (ownerId: string, locationId: string) => `${ownerId}@${locationId}`;
const counts = (values: string[]) => [...values.reduce((map, value) => map.set(value, (map.get(value) ?? 0) + 1), new Map<string, number>())].sort();

describe('facilities and pharmacies over GraphQL, on the shared Plan-Net data', () => {
  let fhir: TestFhirServer;
  let dataDir: string;
  let api: RunningService;
  let expected: ExpectedFacility[];

  async function all(filter: Record<string, unknown>, sort = 'RELEVANCE'): Promise<{ nodes: Node[]; first: Page['searchProviders'] }> {
    const nodes: Node[] = [];
    let after: string | null = null;
    let first: Page['searchProviders'] | null = null;
    for (;;) {
      const { data, errors }: { data?: Page; errors?: unknown } = await graphql<Page>(api.url, FACILITIES, { filter, sort, after });
      expect(errors).toBeUndefined();
      first ??= data!.searchProviders;
      nodes.push(...data!.searchProviders.edges.map((edge) => edge.node));
      if (!data!.searchProviders.pageInfo.hasNextPage) return { nodes, first };
      after = data!.searchProviders.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    expected = expectedFacilities();
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-e2e-facilities-'));
    expect((await runHarvestCli([fhir.baseUrl], serviceEnv({ DATA_DIR: dataDir }))).code).toBe(0);
    api = await startApi(serviceEnv({ DATA_DIR: dataDir }));
  });

  afterAll(async () => {
    await api?.stop();
    await fhir?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('finds the pharmacies within 10 km of Hartford, nearest first, with their distances', async () => {
    const want = expected
      .filter((facility) => facility.kind === 'PHARMACY' && facility.position && haversineKm(HARTFORD, facility.position) <= 10)
      .map((facility) => ({ key: key(facility.ownerId, facility.locationId), km: haversineKm(HARTFORD, facility.position!) }))
      .sort((a, b) => a.km - b.km);
    expect(want.length).toBeGreaterThan(5);
    const { nodes } = await all({ kinds: ['PHARMACY'], near: { ...HARTFORD, radiusKm: 10 } }, 'DISTANCE');
    expect(nodes.map((node) => key(node.practitionerRoleId, node.location.id)).sort()).toEqual(want.map((item) => item.key).sort());
    expect(nodes.map((node) => node.distanceKm!)).toEqual(nodes.map((node) => node.distanceKm!).sort((a, b) => a - b));
    const km = new Map(want.map((item) => [item.key, item.km]));
    for (const node of nodes) {
      expect(node.kind).toBe('PHARMACY');
      expect(node.distanceKm).toBeCloseTo(km.get(key(node.practitionerRoleId, node.location.id))!, 3);
      expect(node.serviceCategories).toContainEqual({ code: 'pharm', display: 'Pharmacy' });
    }
  });

  it('lists the facilities and pharmacies of one network', async () => {
    const byNetwork = new Map<string, ExpectedFacility[]>();
    for (const facility of expected) for (const network of facility.networks) byNetwork.set(network, [...(byNetwork.get(network) ?? []), facility]);
    const [network, members] = [...byNetwork].sort((a, b) => b[1].length - a[1].length)[0];
    const { nodes, first } = await all({ kinds: ['FACILITY', 'PHARMACY'], networks: [network] });
    expect(nodes.map((node) => key(node.practitionerRoleId, node.location.id)).sort()).toEqual(members.map((m) => key(m.ownerId, m.locationId)).sort());
    expect(first.totalCount).toBe(members.length);
  });

  it('counts kinds and service categories over the whole match as the raw data has them', async () => {
    const { first } = await all({ kinds: ['FACILITY', 'PHARMACY'] });
    expect(first.totalCount).toBe(expected.length);
    expect(first.facets.kind.map(({ value, count }) => [value, count]).sort()).toEqual(counts(expected.map((facility) => facility.kind)));
    expect(first.facets.serviceCategory.map(({ value, count }) => [value, count]).sort()).toEqual(counts(expected.flatMap((facility) => facility.categories)));
    const hospitals = await all({ kinds: ['FACILITY', 'PHARMACY'], serviceCategories: ['hosp'] });
    expect(hospitals.first.totalCount).toBe(expected.filter((facility) => facility.categories.includes('hosp')).length);
  });

  it('keeps practitioner-only answers for clients that do not ask for kinds', async () => {
    const { data } = await graphql<Page>(api.url, FACILITIES, { filter: { near: { ...HARTFORD, radiusKm: 10 } } });
    expect(data!.searchProviders.facets.kind.map((facet) => facet.value)).toEqual(['PRACTITIONER']);
  });

  it("answers a pharmacy's whole record and suggests it while typing", async () => {
    const { nodes } = await all({ kinds: ['PHARMACY'], near: { ...HARTFORD, radiusKm: 10 } }, 'DISTANCE');
    const pharmacy = nodes[0];
    const record = await graphql<{ provider: { locations: { kind: string; practitionerRoleId: string; location: { id: string } }[] } }>(
      api.url,
      'query R($key: ID) { provider(providerKey: $key) { locations { kind practitionerRoleId location { id } } } }',
      { key: pharmacy.providerKey },
    );
    const locations = record.data!.provider.locations;
    expect(locations.map((l) => key(l.practitionerRoleId, l.location.id))).toContain(key(pharmacy.practitionerRoleId, pharmacy.location.id));
    expect(locations.every((l) => l.kind === 'PHARMACY')).toBe(true);
    const typed = pharmacy.name.split(/\s+/)[0].slice(0, 5);
    const suggestions = await graphql<{ suggest: { kind: string; value: string }[] }>(
      api.url,
      'query S($text: String!, $near: GeoRadius) { suggest(text: $text, near: $near, first: 20) { kind value } }',
      { text: typed, near: { ...HARTFORD, radiusKm: 10 } },
    );
    expect(suggestions.data!.suggest).toContainEqual({ kind: 'FACILITY', value: pharmacy.providerKey });
  });
});
