import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FhirResource } from '@pds/fhir';
import { type TestFhirServer, planNetDataDir, readNdjsonDirectory, startTestFhirServer } from '@pds/testing';
import { graphql } from './support/graphql.client';
import { type RunningService, runHarvestCli, serviceEnv, startApi } from './support/service.process';

jest.setTimeout(120_000);

const NETWORK_EXTENSION = 'http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/network-reference';
const PAYER_B_NETWORK = 'payer-b-network';

/** Payer B lists the same practitioners (same NPIs) at the same places, in a network of its own. */
function payerB(resources: FhirResource[]): FhirResource[] {
  const network: FhirResource = {
    resourceType: 'Organization',
    id: PAYER_B_NETWORK,
    name: 'Payer B Network',
    type: [{ coding: [{ system: 'http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/OrgTypeCS', code: 'ntwk' }] }],
  };
  const rewired = resources.map((resource) =>
    resource.resourceType !== 'PractitionerRole'
      ? resource
      : {
          ...resource,
          extension: [{ url: NETWORK_EXTENSION, valueReference: { reference: `Organization/${PAYER_B_NETWORK}` } }],
        },
  );
  return [...rewired, network];
}

describe('the same NPI from two payers', () => {
  let payerA: TestFhirServer;
  let payerBServer: TestFhirServer;
  let dataDir: string;
  let api: RunningService;
  let npi: string;

  beforeAll(async () => {
    const published = await readNdjsonDirectory(planNetDataDir());
    const practitioner = published.Practitioner.find((p) => String(p.id).startsWith('plannet-practitioner-'))!;
    npi = (practitioner.identifier as { value: string }[])[0].value;
    payerA = await startTestFhirServer({ dataDir: planNetDataDir() });
    payerBServer = await startTestFhirServer({ resources: payerB(Object.values(published).flat()) });
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

  it('is one provider, with both payers\' networks', async () => {
    const query = `query($text: String) {
      searchProviders(filter: { text: $text }, onePerProvider: true) {
        totalCount
        edges { node { npi providerKey networks { id } otherLocations { location { id } } } }
      }
    }`;
    type Result = { searchProviders: { totalCount: number; edges: { node: { npi: string; providerKey: string; networks: { id: string }[] } }[] } };

    const { data, errors } = await graphql<Result>(api.url, query, { text: npi });

    expect(errors).toBeUndefined();
    expect(data!.searchProviders.totalCount).toBe(1);
    const [{ node }] = data!.searchProviders.edges;
    expect(node).toMatchObject({ npi, providerKey: `npi:${npi}` });
    const networks = node.networks.map((network) => network.id);
    expect(networks).toContain(PAYER_B_NETWORK);
    expect(networks.filter((id) => id !== PAYER_B_NETWORK).length).toBeGreaterThan(0);
  });

  it('keeps each payer\'s documents apart: a network filter finds only that payer\'s listing', async () => {
    const { data } = await graphql<{ searchProviders: { totalCount: number } }>(
      api.url,
      `{ searchProviders(filter: { networks: ["${PAYER_B_NETWORK}"] }) { totalCount } }`,
    );
    const all = await graphql<{ searchProviders: { totalCount: number } }>(api.url, '{ searchProviders { totalCount } }');
    expect(data!.searchProviders.totalCount).toBeGreaterThan(0);
    expect(data!.searchProviders.totalCount).toBe(all.data!.searchProviders.totalCount / 2);
  });
});
