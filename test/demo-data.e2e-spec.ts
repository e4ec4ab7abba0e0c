import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type TestFhirServer, planNetDataDir, startTestFhirServer } from '@pds/testing';
import type { Browser } from 'playwright-core';
import { expectText, launchChromium, watchedPage } from './support/browser';
import { graphql } from './support/graphql-client';
import { expectedDocuments } from './support/plan-net-expectations';
import { expectedFacilities } from './support/plan-net-facilities';
import { type RunningService, serviceEnv, startApi, waitFor } from './support/service-process';

jest.setTimeout(180_000);

const ADMIN = { 'x-admin-key': 'e2e-demo-admin-key-0123' };
const NOTICE = 'synthetic demo data; set SOURCES to harvest real directories';
const ANY_KIND = ['PRACTITIONER', 'FACILITY', 'PHARMACY'];

interface Served {
  searchProviders: { totalCount: number; edges: { node: { source: { id: string; name: string } } }[] };
}
const served = async (api: RunningService) =>
  (await graphql<Served>(api.url, `query($kinds: [ProviderKind!]) { searchProviders(filter: { kinds: $kinds }, first: 100) {
    totalCount edges { node { source { id name } } } } }`, { kinds: ANY_KIND })).data!.searchProviders;
const documents = async (api: RunningService) => ((await (await fetch(`${api.url}/health`)).json()) as { documents: number }).documents;
const page = async (api: RunningService) => (await fetch(`${api.url}/`)).text();

describe('demo data on a fresh start', () => {
  const dirs: string[] = [];
  const apis: RunningService[] = [];
  let browser: Browser | undefined;
  let fhir: TestFhirServer | undefined;

  const fresh = async (env: Record<string, string> = {}) => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-demo-'));
    dirs.push(dataDir);
    const started = Date.now();
    const api = await startApi(serviceEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env }));
    apis.push(api);
    return { api, started };
  };

  afterAll(async () => {
    await browser?.close();
    for (const api of apis) await api.stop();
    await fhir?.close();
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it('serves searchable synthetic data at / within the first minute, then gives way to a real source’s full pass', async () => {
    const { api, started } = await fresh({ ADMIN_API_KEY: ADMIN['x-admin-key'] });
    expect(await page(api)).toContain(NOTICE);
    await waitFor(async () => (await served(api)).totalCount > 0, 60_000, api.output);
    const firstSearchSeconds = (Date.now() - started) / 1000;
    expect(firstSearchSeconds).toBeLessThan(60);
    process.stdout.write(`demo data: first search answered ${firstSearchSeconds.toFixed(1)} s after start\n`);

    browser = await launchChromium();
    const { page: tab } = await watchedPage(browser, { viewport: { width: 1280, height: 800 } });
    await tab.goto(`${api.url}/`);
    await tab.getByRole('combobox', { name: 'Location' }).fill('Chicago, IL');
    await tab.getByRole('combobox', { name: 'Distance' }).selectOption({ label: '50 miles' });
    await tab.getByRole('button', { name: 'Search' }).click();
    await expectText(tab.getByRole('status'), /^[1-9]\d* results?$/, 30_000);
    await expectText(tab.getByRole('note'), `This page shows ${NOTICE}.`);

    await waitFor(async () => api.output().includes(NOTICE), 60_000, api.output);
    const demo = await served(api);
    expect(demo.totalCount).toBeGreaterThan(20_000);
    expect(new Set(demo.edges.map((edge) => edge.node.source.name))).toEqual(new Set(['demo']));

    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    const input = { id: 'plan-net-ri', baseUrl: fhir.baseUrl, requestsPerSecond: 100, pageSize: 200 };
    expect((await graphql(api.url, 'mutation($input: SourceInput!) { upsertSource(input: $input) { id } }', { input }, ADMIN)).errors).toBeUndefined();
    expect((await graphql(api.url, 'mutation { harvestSource(id: "plan-net-ri", mode: FULL) }', {}, ADMIN)).errors).toBeUndefined();

    const real = expectedDocuments().length + expectedFacilities().length;
    await waitFor(async () => (await documents(api)) === real, 150_000, api.output);
    const after = await served(api);
    expect(after.totalCount).toBe(real);
    expect(new Set(after.edges.map((edge) => edge.node.source.id))).toEqual(new Set(['plan-net-ri']));
    expect(await page(api)).not.toContain(NOTICE);
  });

  it('stays empty with DEMO_DATA=off', async () => {
    const { api } = await fresh({ DEMO_DATA: 'off' });
    expect(await page(api)).not.toContain(NOTICE);
    // Seeding starts right after listening; give it the time it would need to announce itself.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(api.output()).not.toMatch(/generating synthetic demo data/);
    expect(await documents(api)).toBe(0);
  });
});
