import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type IncomingMessage, get } from 'node:http';
import { type TestFhirServer, planNetDataDir, startTestFhirServer } from '@pds/testing';
import { metricValue, seriesOf } from './support/metrics-scrape';
import { expectedDocuments } from './support/plan-net-expectations';
import { type RunningService, serviceEnv, startApi, waitFor } from './support/service-process';

jest.setTimeout(240_000);

const ADMIN_KEY = 'e2e-admin-key-0123456789';
const API_KEY = 'e2e-client-key-1';
const METRICS_TOKEN = 'e2e-metrics-token-0123456789';
const POINTS = 5;
const TYPENAME = '{ __typename }';
const SEARCH = 'query Search { searchProviders(first: 1) { totalCount } }';

async function post(api: RunningService, query: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
}

describe('a public API: per-client rate limits, /metrics and readiness, embedded mode', () => {
  let fhir: TestFhirServer;
  let dataDir: string;
  let api: RunningService;

  const scrape = async () =>
    (await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-ops-'));
    api = await startApi(
      serviceEnv({
        DATA_DIR: dataDir,
        DEMO_DATA: 'off',
        ADMIN_API_KEY: ADMIN_KEY,
        RATE_LIMIT: 'on',
        RATE_LIMIT_POINTS: String(POINTS),
        RATE_LIMIT_WINDOW_SECONDS: '600',
        API_KEYS: `${API_KEY},e2e-client-key-2`,
        METRICS_TOKEN,
      }),
    );
  });

  afterAll(async () => {
    await api?.stop();
    await fhir?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('is live at once, and not ready before an index generation is loaded, saying why', async () => {
    const live = await fetch(`${api.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'error', error: { index: { status: 'down', reason: 'no index generation is loaded yet' } } });
    // The old health answer stays as it was.
    expect(await (await fetch(`${api.url}/health`)).json()).toEqual({ status: 'ok', documents: 0 });
  });

  it('keeps idle connections open longer than a load balancer does (65 s; Node alone keeps them 5 s)', async () => {
    const response = await new Promise<IncomingMessage>((resolve, reject) => get(`${api.url}/health/live`, resolve).on('error', reject));
    response.resume();
    expect(response.headers['keep-alive']).toBe('timeout=65');
  });

  it('spends an IP budget, says where it stands on every answer, and refuses past it with 429 and Retry-After', async () => {
    for (let spent = 1; spent <= POINTS; spent++) {
      const answer = await post(api, TYPENAME);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-policy')).toBe(`"default";q=${POINTS};w=600`);
      expect(answer.headers.get('ratelimit')).toMatch(new RegExp(`^"default";r=${POINTS - spent};t=\\d+$`));
    }
    const refused = await post(api, TYPENAME);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(refused.headers.get('ratelimit-policy')).toBe(`"default";q=${POINTS};w=600`);
    expect(refused.headers.get('ratelimit')).toBe(`"default";r=0;t=${retryAfter}`);
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toMatch(/5 requests per 600 s; retry after \d+ s/);
    // Without TRUST_PROXY a client cannot name itself someone else to get a fresh budget.
    expect((await post(api, TYPENAME, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
  });

  it('gives a known API key a budget of its own, and an unknown one none', async () => {
    const keyed = await post(api, TYPENAME, { 'x-api-key': API_KEY });
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get('ratelimit')).toMatch(new RegExp(`^"default";r=${POINTS - 1};`));
    // A made-up key would otherwise mint a fresh budget per request: it spends the IP's.
    expect((await post(api, TYPENAME, { 'x-api-key': 'made-up-key' })).status).toBe(429);
  });

  it('does not meter admin calls with a valid key, and meters a wrong key as anyone', async () => {
    const admin = await post(api, '{ sources { id } }', { 'x-admin-key': ADMIN_KEY });
    expect(admin.status).toBe(200);
    expect(admin.headers.get('ratelimit')).toBeNull();
    expect((await post(api, '{ sources { id } }', { 'x-admin-key': 'e2e-admin-key-0123456788' })).status).toBe(429);
  });

  it('refuses /metrics without its token', async () => {
    expect((await fetch(`${api.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${api.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abc' } })).status).toBe(401);
    const scraped = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('exports request, engine, index, harvest and process metrics that move with searches and harvests', async () => {
    const before = await scrape();
    expect(metricValue(before, 'pds_graphql_request_duration_seconds_count{operation="anonymous",outcome="refused"}')).toBeGreaterThanOrEqual(3);
    expect(metricValue(before, 'pds_index_documents')).toBe(0);
    expect(metricValue(before, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(seriesOf(before, 'nodejs_heap_size_used_bytes')).toHaveLength(1);
    expect(seriesOf(before, 'pds_harvest_runs')).toEqual([]);

    const queued = await post(api, `mutation { harvest(sources: ["${fhir.baseUrl}"]) }`, { 'x-admin-key': ADMIN_KEY });
    expect(((await queued.json()) as { errors?: unknown }).errors).toBeUndefined();
    const expected = expectedDocuments().length;
    // The run is recorded as succeeded before the index it feeds is committed: wait for both.
    const harvested = async () => {
      const scraped = await scrape();
      return seriesOf(scraped, 'pds_harvest_runs').some((line) => line.includes('status="succeeded"')) && metricValue(scraped, 'pds_index_documents')! > 0;
    };
    await waitFor(harvested, 170_000, api.output);
    // Providers and facilities: what /health counts, more than the provider search finds.
    const { documents } = (await (await fetch(`${api.url}/health`)).json()) as { documents: number };
    expect(documents).toBeGreaterThan(expected);

    const searchesBefore = metricValue(await scrape(), 'pds_search_engine_duration_seconds_count{call="search"}') ?? 0;
    const search = await post(api, SEARCH, { 'x-api-key': API_KEY });
    expect(((await search.json()) as { data: { searchProviders: { totalCount: number } } }).data.searchProviders.totalCount).toBe(expected);

    const after = await scrape();
    expect(metricValue(after, 'pds_index_documents')).toBe(documents);
    expect(metricValue(after, 'pds_graphql_request_duration_seconds_count{operation="Search",outcome="ok"}')).toBe(1);
    expect(metricValue(after, 'pds_search_engine_duration_seconds_count{call="search"}')).toBe(searchesBefore + 1);
    expect(metricValue(after, 'pds_index_generation_timestamp_seconds')).toBeGreaterThan(0);
    const [runs] = seriesOf(after, 'pds_harvest_runs');
    expect(runs).toMatch(/^pds_harvest_runs\{source="[^"]+",status="succeeded"\} 1$/);
    const source = /source="([^"]+)"/.exec(runs)![1];
    expect(metricValue(after, `pds_harvest_last_run_requests{source="${source}"}`)).toBeGreaterThan(0);
    expect(metricValue(after, `pds_harvest_last_run_resources{source="${source}"}`)).toBeGreaterThan(expected);
    expect(metricValue(after, `pds_harvest_last_run_errors{source="${source}"}`)).toBe(0);
    expect(metricValue(after, `pds_harvest_last_run_seconds{source="${source}"}`)).toBeGreaterThan(0);
    expect(metricValue(after, `pds_harvest_last_complete_pass_timestamp_seconds{source="${source}"}`)).toBeGreaterThan(0);
  });

  it('is ready once an index generation is loaded', async () => {
    await waitFor(async () => (await fetch(`${api.url}/health/ready`)).status === 200, 10_000, api.output);
    const ready = (await (await fetch(`${api.url}/health/ready`)).json()) as { details: { index: { documents: number } } };
    const { documents } = (await (await fetch(`${api.url}/health`)).json()) as { documents: number };
    expect(ready.details.index.documents).toBe(documents);
  });
});

describe('a public API behind a load balancer (TRUST_PROXY=true): the rate limit keys on X-Forwarded-For', () => {
  let dataDir: string;
  let api: RunningService;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-ops-proxy-'));
    api = await startApi(
      serviceEnv({ DATA_DIR: dataDir, DEMO_DATA: 'off', RATE_LIMIT: 'on', RATE_LIMIT_POINTS: String(POINTS), RATE_LIMIT_WINDOW_SECONDS: '600', TRUST_PROXY: 'true' }),
    );
  });

  afterAll(async () => {
    await api?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('gives each forwarded client a budget of its own, whichever proxies it came through, and the balancer none of theirs', async () => {
    const client = { 'x-forwarded-for': '203.0.113.9' };
    for (let spent = 1; spent <= POINTS; spent++) {
      const answer = await post(api, TYPENAME, client);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit')).toMatch(new RegExp(`^"default";r=${POINTS - spent};`));
    }
    expect((await post(api, TYPENAME, client)).status).toBe(429);
    // The client is the left-most address: another hop after it is still the same client.
    expect((await post(api, TYPENAME, { 'x-forwarded-for': '203.0.113.9, 10.0.0.7' })).status).toBe(429);

    const other = await post(api, TYPENAME, { 'x-forwarded-for': '203.0.113.10' });
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit')).toMatch(new RegExp(`^"default";r=${POINTS - 1};`));
    // A request without the header is keyed on the peer (here the test, as the balancer would be).
    const direct = await post(api, TYPENAME);
    expect(direct.status).toBe(200);
    expect(direct.headers.get('ratelimit')).toMatch(new RegExp(`^"default";r=${POINTS - 1};`));
  });
});
