import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FhirResource } from '@pds/fhir';
import { type TestFhirServer, planNetDataDir, readNdjsonDirectory, startTestFhirServer } from '@pds/testing';
import { graphql } from './support/graphql-client';
import { type RunningService, runHarvestCli, serviceEnv, startApi } from './support/service-process';

jest.setTimeout(120_000);

const NETWORK_EXTENSION = 'http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/network-reference';
const PAYER_B_NETWORK_NAME = 'Payer B Network';

/** The first PractitionerRole of the published directory that names a network: its practitioner and that network's id, which payer B reuses. */
function roleInANetwork(resources: FhirResource[]): { practitionerId: string; networkId: string } {
  for (const role of resources.filter((resource) => resource.resourceType === 'PractitionerRole')) {
    const extension = ((role.extension ?? []) as { url: string; valueReference?: { reference?: string } }[]).find((item) => item.url === NETWORK_EXTENSION);
    const network = extension?.valueReference?.reference;
    const practitioner = (role.practitioner as { reference?: string } | undefined)?.reference;
    if (network?.startsWith('Organization/') && practitioner?.startsWith('Practitioner/plannet-practitioner-')) {
      return { practitionerId: practitioner.slice('Practitioner/'.length), networkId: network.slice('Organization/'.length) };
    }
  }
  throw new Error('no PractitionerRole names a network');
}

/**
 * Payer B lists the same practitioners (same NPIs) at the same places, in a network of its own
 * that its server publishes under the same FHIR id as one of payer A's (HAPI hands out numeric
 * ids, so two payers' `Organization/123` are common): another network behind the same id.
 */
function payerB(resources: FhirResource[], sharedId: string): FhirResource[] {
  const network: FhirResource = {
    resourceType: 'Organization',
    id: sharedId,
    name: PAYER_B_NETWORK_NAME,
    type: [{ coding: [{ system: 'http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/OrgTypeCS', code: 'ntwk' }] }],
  };
  const rewired = resources.flatMap((resource) =>
    resource.resourceType === 'Organization' && resource.id === sharedId
      ? []
      : resource.resourceType !== 'PractitionerRole'
        ? [resource]
        : [{ ...resource, extension: [{ url: NETWORK_EXTENSION, valueReference: { reference: `Organization/${sharedId}` } }] }],
  );
  return [...rewired, network];
}

interface Reference {
  id: string;
  fhirId: string;
  name: string | null;
  source: { id: string; name: string | null };
}

describe('the same NPI from two payers', () => {
  let payerA: TestFhirServer;
  let payerBServer: TestFhirServer;
  let dataDir: string;
  let api: RunningService;
  let npi: string;
  let sharedId: string;

  beforeAll(async () => {
    const published = await readNdjsonDirectory(planNetDataDir());
    const role = roleInANetwork(Object.values(published).flat());
    sharedId = role.networkId;
    const practitioner = published.Practitioner.find((p) => p.id === role.practitionerId)!;
    npi = (practitioner.identifier as { value: string }[])[0].value;
    payerA = await startTestFhirServer({ dataDir: planNetDataDir() });
    payerBServer = await startTestFhirServer({ resources: payerB(Object.values(published).flat(), sharedId) });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-payers-'));
    const cli = await runHarvestCli([payerA.baseUrl, payerBServer.baseUrl], serviceEnv({ DATA_DIR: dataDir }));
    expect(cli.code).toBe(0);
    api = await startApi(serviceEnv({ DATA_DIR: dataDir }));
  });

  afterAll(async () => {
    await api?.stop();
    await payerA?.close();
    await payerBServer?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const total = async (filter: Record<string, unknown>): Promise<number> => {
    const { data, errors } = await graphql<{ searchProviders: { totalCount: number } }>(
      api.url,
      'query($filter: ProviderFilter) { searchProviders(filter: $filter) { totalCount } }',
      { filter },
    );
    expect(errors).toBeUndefined();
    return data!.searchProviders.totalCount;
  };

  /** The two networks behind the shared FHIR id, payer A's first, as the lists give them. */
  async function sharedNetworks(): Promise<{ a: Reference; b: Reference }> {
    const { data, errors } = await graphql<{ networks: (Reference & { providerCount: number })[] }>(
      api.url,
      '{ networks { id fhirId name providerCount source { id name } } }',
    );
    expect(errors).toBeUndefined();
    const shared = data!.networks.filter((network) => network.fhirId === sharedId);
    expect(shared).toHaveLength(2);
    const b = shared.find((network) => network.name === PAYER_B_NETWORK_NAME)!;
    const a = shared.find((network) => network !== b)!;
    return { a, b };
  }

  it('lists both networks behind one FHIR id apart: each its scoped id, its name and its source', async () => {
    const { a, b } = await sharedNetworks();
    expect(a.source.id).not.toBe(b.source.id);
    for (const network of [a, b]) expect(network.id).toBe(`${network.source.id}:${sharedId}`);
    expect(a.name).not.toBe(PAYER_B_NETWORK_NAME);
  });

  it('is one provider, with both payers\' networks kept apart', async () => {
    const query = `query($text: String) {
      searchProviders(filter: { text: $text }, onePerProvider: true) {
        totalCount
        edges { node { npi providerKey networks { id fhirId name source { id name } } otherLocations { location { id } } } }
      }
    }`;
    type Result = { searchProviders: { totalCount: number; edges: { node: { npi: string; providerKey: string; networks: Reference[] } }[] } };

    const { data, errors } = await graphql<Result>(api.url, query, { text: npi });

    expect(errors).toBeUndefined();
    expect(data!.searchProviders.totalCount).toBe(1);
    const [{ node }] = data!.searchProviders.edges;
    expect(node).toMatchObject({ npi, providerKey: `npi:${npi}` });
    const { a, b } = await sharedNetworks();
    const shared = node.networks.filter((network) => network.fhirId === sharedId);
    // Two payers' Organization/<sharedId> are two networks: the union keeps both, with their own names and sources.
    expect(shared.map(({ id, name, source }) => ({ id, name, source: source.id })).sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(
      [a, b].map(({ id, name, source }) => ({ id, name, source: source.id })).sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
  });

  it('counts each payer\'s network apart; a bare FHIR id still matches it in both sources', async () => {
    const { a, b } = await sharedNetworks();
    const all = await total({});
    const [inA, inB, bare] = [await total({ networks: [a.id] }), await total({ networks: [b.id] }), await total({ networks: [sharedId] })];
    // Payer B lists every practitioner in its one network: half of all documents.
    expect(inB).toBe(all / 2);
    expect(inA).toBeGreaterThan(0);
    expect(inA).toBeLessThanOrEqual(all / 2);
    expect(bare).toBe(inA + inB);

    const { data } = await graphql<{ searchProviders: { facets: { network: { value: string; count: number }[] } } }>(
      api.url,
      '{ searchProviders(first: 1) { facets { network { value count } } } }',
    );
    const facet = new Map(data!.searchProviders.facets.network.map(({ value, count }) => [value, count]));
    expect(facet.get(a.id)).toBe(inA);
    expect(facet.get(b.id)).toBe(inB);
    expect(facet.has(sharedId)).toBe(false);
  });
});
