import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type TestFhirServer, planNetDataDir, startTestFhirServer } from '@pds/testing';
import { graphql } from './support/graphql-client';
import { expectedDocuments } from './support/plan-net-expectations';
import { RedisServerProcess } from './support/redis-server-process';
import { type RunningService, runHarvestCli, serviceEnv, startApi, waitFor } from './support/service-process';

jest.setTimeout(240_000);

const ADMIN_KEY = 'e2e-admin-key-0123456789';
const SHARED_KEY = 'e2e-shared-budget-key';
const SEARCH_KEY = 'e2e-search-key';
const POINTS = 4;
// Every hit is named after its source, which the registry in Redis knows: a search reads Redis too.
const SEARCH = 'query Search { searchProviders(first: 1) { totalCount edges { node { practitionerRoleId } } } }';
const ADMIN = { 'x-admin-key': ADMIN_KEY };

/**
 * Two API replicas on one private redis-server, which the test stops and starts again on the
 * same port: the replicas share one rate-limit budget, and a Redis outage costs admin and job
 * calls (UNAVAILABLE) and readiness, never searches, and heals without a restart.
 */
describe('API replicas on Redis: a shared budget, and a Redis outage', () => {
  let fhir: TestFhirServer;
  let redis: RedisServerProcess;
  const dataDirs: string[] = [];
  let first: RunningService;
  let second: RunningService;

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    redis = await RedisServerProcess.start();
    // Each replica serves its own copy of one index the CLI built; Redis holds the rest.
    const built = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-redis-ops-'));
    dataDirs.push(built);
    expect((await runHarvestCli([fhir.baseUrl], serviceEnv({ DATA_DIR: built }))).code).toBe(0);
    const copy = `${built}-copy`;
    await fs.cp(built, copy, { recursive: true });
    dataDirs.push(copy);
    const env = (dataDir: string) =>
      serviceEnv({
        DATA_DIR: dataDir,
        REDIS_URL: redis.url,
        REDIS_PREFIX: 'ops-e2e',
        ADMIN_API_KEY: ADMIN_KEY,
        RATE_LIMIT: 'on',
        RATE_LIMIT_POINTS: String(POINTS),
        RATE_LIMIT_WINDOW_SECONDS: '600',
        API_KEYS: `${SHARED_KEY},${SEARCH_KEY}`,
      });
    // One after the other: two starting together on a busy 2-core machine can outlast startApi's wait.
    first = await startApi(env(built));
    second = await startApi(env(copy));
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await redis?.stop();
    await fhir?.close();
    for (const dir of dataDirs) await fs.rm(dir, { recursive: true, force: true });
  });

  const post = (api: RunningService, headers: Record<string, string>) =>
    fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('spends one budget across both replicas', async () => {
    const remaining: string[] = [];
    for (const api of [first, second, first, second]) {
      const answer = await post(api, { 'x-api-key': SHARED_KEY });
      expect(answer.status).toBe(200);
      remaining.push(/r=(\d+)/.exec(answer.headers.get('ratelimit')!)![1]);
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    expect((await post(first, { 'x-api-key': SHARED_KEY })).status).toBe(429);
    expect((await post(second, { 'x-api-key': SHARED_KEY })).status).toBe(429);
  });

  it('keeps searching while Redis is down, answers admin and job calls UNAVAILABLE, says why it is not ready, and heals', async () => {
    const expected = expectedDocuments().length;
    const search = async (api: RunningService) => graphql<{ searchProviders: { totalCount: number } }>(api.url, SEARCH, {}, { 'x-api-key': SEARCH_KEY });
    expect((await search(first)).data!.searchProviders.totalCount).toBe(expected);
    expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);

    await redis.stop();

    // The budget lives in Redis: without it requests are served unmetered rather than refused. The
    // second replica has not read the source registry yet: its searches name sources without it.
    for (const api of [first, second, first, second, first]) {
      const { data, errors } = await search(api);
      expect(errors).toBeUndefined();
      expect(data!.searchProviders.totalCount).toBe(expected);
    }
    for (const [query, field] of [
      ['{ sources { id } }', 'sources'],
      ['mutation { reindex }', 'reindex'],
    ]) {
      const { data, errors } = await graphql(first.url, query, {}, ADMIN);
      expect(data).toBeNull();
      expect(errors![0].extensions?.code).toBe('UNAVAILABLE');
      expect(errors![0].message).toMatch(/^A service this operation needs \(Redis\) is unavailable/);
      expect(errors![0].message).not.toMatch(/redis:\/\/|127\.0\.0\.1|at /);
      expect(JSON.stringify(errors)).toContain(field);
    }
    const ready = await fetch(`${first.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'error', error: { redis: { status: 'down' } }, info: { index: { status: 'up' } } });
    expect((await fetch(`${first.url}/health/live`)).status).toBe(200);

    await redis.start();

    for (const api of [first, second]) {
      await waitFor(async () => (await fetch(`${api.url}/health/ready`)).status === 200, 30_000, api.output);
      await waitFor(async () => (await graphql(api.url, '{ sources { id } }', {}, ADMIN)).errors === undefined, 30_000, api.output);
      const job = await graphql<{ reindex: string }>(api.url, 'mutation { reindex }', {}, ADMIN);
      expect(job.errors).toBeUndefined();
    }
    const metered = await post(first, { 'x-api-key': SEARCH_KEY });
    expect(metered.headers.get('ratelimit')).toMatch(/^"default";r=\d+;t=\d+$/);
  });
});
