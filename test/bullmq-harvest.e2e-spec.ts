import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type TestFhirServer, type TestRedis, planNetDataDir, startTestFhirServer, startTestRedis } from '@pds/testing';
import { graphql } from './support/graphql-client';
import { expectedDocuments, haversineKm } from './support/plan-net-expectations';
import { type RunningService, redisEnv, serviceEnv, startApi, startWorker, waitFor } from './support/service-process';
import { HARTFORD, SEARCH_PROVIDERS, type SearchData } from './search-queries';

jest.setTimeout(180_000);

const ADMIN_KEY = 'e2e-admin-key-0123456789';
const HARVEST = 'mutation Harvest($sources: [String!]) { harvest(sources: $sources) }';

describe('with REDIS_URL, an admin-triggered harvest runs as a BullMQ job on a separate worker', () => {
  let fhir: TestFhirServer;
  let redis: TestRedis;
  let dataDir: string;
  let api: RunningService;
  let worker: ReturnType<typeof startWorker>;

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    redis = await startTestRedis();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-bullmq-'));
    const env = serviceEnv({
      DATA_DIR: dataDir,
      ...redisEnv(redis),
      ADMIN_API_KEY: ADMIN_KEY,
    });
    worker = startWorker(env);
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await redis?.cleanup();
    await fhir?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses the admin mutation without the admin key', async () => {
    const { errors } = await graphql(api.url, HARVEST, { sources: [fhir.baseUrl] });
    expect(errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    const wrong = await graphql(api.url, HARVEST, { sources: [fhir.baseUrl] }, { 'x-admin-key': 'e2e-admin-key-0123456788' });
    expect(wrong.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a source that is not a URL', async () => {
    const { errors } = await graphql(api.url, HARVEST, { sources: ['payer'] }, { 'x-admin-key': ADMIN_KEY });
    expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors![0].message).toMatch(/Expected a FHIR base URL/);
  });

  it('harvests through the worker and serves the result from the API', async () => {
    const expected = expectedDocuments();
    const queued = await graphql<{ harvest: string }>(api.url, HARVEST, { sources: [fhir.baseUrl] }, { 'x-admin-key': ADMIN_KEY });
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.harvest).toMatch(/^harvest-[0-9a-f]{16}$/);

    const count = async () =>
      (await graphql<SearchData>(api.url, SEARCH_PROVIDERS, { first: 1 })).data?.searchProviders.totalCount ?? 0;
    await waitFor(async () => (await count()) === expected.length, 150_000, worker.output);

    const near = { ...HARTFORD, radiusKm: 15 };
    const want = expected.filter((d) => d.specialties.includes('207Q00000X') && d.position && haversineKm(HARTFORD, d.position) <= 15);
    const { data } = await graphql<SearchData>(api.url, SEARCH_PROVIDERS, {
      filter: { specialties: ['207Q00000X'], near },
      sort: 'DISTANCE',
      first: 100,
    });
    expect(data!.searchProviders.totalCount).toBe(want.length);
    expect(fhir.requests.some((request) => request.startsWith('/fhir/PractitionerRole?'))).toBe(true);
  });
});
