import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { QUEUE_NAME } from '@pds/jobs';
import { type TestFhirServer, type TestRedis, planNetDataDir, startTestFhirServer, startTestRedis } from '@pds/testing';
import { Queue, QueueEvents } from 'bullmq';
import { graphql } from './support/graphql-client';
import { idsWithNumericIdentifierValues, numericIdentifierValues } from './support/plan-net-expectations';
import { type RunningService, serviceEnv, startApi, startWorker, waitFor } from './support/service-process';

jest.setTimeout(180_000);

const ADMIN_KEY = 'e2e-admin-key-0123456789';
const ADMIN = { 'x-admin-key': ADMIN_KEY };

const SOURCE_FIELDS = 'id name baseUrl headerNames pageSize schedule enabled status { paused pausedReason consecutiveFailures lastRunId }';
const SOURCES = `{ sources { ${SOURCE_FIELDS} } }`;
const SOURCE = `query Source($id: ID!) { source(id: $id) { ${SOURCE_FIELDS} } }`;
const UPSERT = `mutation Upsert($input: SourceInput!) { upsertSource(input: $input) { ${SOURCE_FIELDS} } }`;
const HARVEST_SOURCE = 'mutation Run($id: ID!, $mode: HarvestMode) { harvestSource(id: $id, mode: $mode) }';
const RUN_FIELDS = `id sourceId mode status complete reason startedAt finishedAt requestsPerResource
  totals { requests pages resources bytes quarantined repaired seconds }
  types { type requests pages resources bytes quarantined repaired complete serverTotal }
  quarantine { type id reason }
  repairs { type id reasons }
  probe { lastUpdated history export sort serverTime requestedPageSize effectivePageSize requests }`;
const RUNS = `query Runs($sourceId: ID!) { runs(sourceId: $sourceId, first: 5) { ${RUN_FIELDS} } }`;
const RUN = `query Run($sourceId: ID!, $id: ID!) { run(sourceId: $sourceId, id: $id) { ${RUN_FIELDS} } }`;

interface SourceData {
  id: string;
  name: string;
  baseUrl: string;
  headerNames: string[];
  pageSize: number;
  schedule: string | null;
  enabled: boolean;
  status: { paused: boolean; pausedReason: string | null; consecutiveFailures: number; lastRunId: string | null };
}

interface TypeRunData {
  type: string;
  requests: number;
  pages: number;
  resources: number;
  bytes: number;
  quarantined: number;
  repaired: number;
  complete: boolean;
  serverTotal: number | null;
}

interface RunData {
  id: string;
  status: string;
  mode: string;
  complete: boolean;
  finishedAt: string | null;
  totals: { requests: number; pages: number; resources: number; quarantined: number; repaired: number };
  types: TypeRunData[];
  quarantine: { type: string; id: string | null; reason: string }[];
  repairs: { type: string; id: string; reasons: string[] }[];
  probe: { requests: number } | null;
}

describe('admin sources and runs over GraphQL (embedded)', () => {
  let fhir: TestFhirServer;
  let dataDir: string;
  let api: RunningService;

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-admin-'));
    const sourcesFile = path.join(dataDir, 'sources.json');
    await fs.writeFile(sourcesFile, JSON.stringify([{ id: 'plan-net-ri', name: 'Plan-Net RI', baseUrl: fhir.baseUrl, pageSize: 200 }]));
    api = await startApi(
      serviceEnv({
        DATA_DIR: dataDir,
        ADMIN_API_KEY: ADMIN_KEY,
        SOURCES_FILE: sourcesFile,
        SOURCES: 'https://env-payer.example/fhir/r4',
        HARVEST_INTERVAL_MINUTES: '0',
      }),
    );
  });

  afterAll(async () => {
    await api?.stop();
    await fhir?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses admin queries and mutations without the admin key', async () => {
    for (const [query, variables] of [
      [SOURCES, {}],
      [UPSERT, { input: { id: 'payer-x', baseUrl: 'https://x.example/fhir' } }],
    ] as const) {
      const { errors } = await graphql(api.url, query, variables);
      expect(errors![0].extensions?.code).toBe('UNAUTHENTICATED');
      const wrong = await graphql(api.url, query, variables, { 'x-admin-key': 'e2e-admin-key-0123456788' });
      expect(wrong.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('lists the sources seeded from SOURCES_FILE and SOURCES, with their status', async () => {
    const { data, errors } = await graphql<{ sources: SourceData[] }>(api.url, SOURCES, {}, ADMIN);

    expect(errors).toBeUndefined();
    expect(data!.sources).toEqual([
      expect.objectContaining({ id: 'env-payer-example-fhir-r4', name: 'env-payer.example', schedule: null }),
      expect.objectContaining({
        id: 'plan-net-ri',
        name: 'Plan-Net RI',
        baseUrl: fhir.baseUrl,
        pageSize: 200,
        status: { paused: false, pausedReason: null, consecutiveFailures: 0, lastRunId: null },
      }),
    ]);
  });

  it('refuses bad settings with BAD_USER_INPUT listing every problem and what is accepted', async () => {
    const input = { id: 'Bad Id', baseUrl: 'ftp://payer.example', pageSize: 5000, schedule: 'every day' };

    const { data, errors } = await graphql(api.url, UPSERT, { input }, ADMIN);

    expect(data).toBeNull();
    expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    const problems = (errors![0].extensions as { problems: string[] }).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^id: .*accepted: lower-case letters, digits and -/),
      expect.stringMatching(/^baseUrl: .*accepted: an http or https FHIR base URL/),
      expect.stringMatching(/^pageSize: .*accepted: an integer from 1 to 1000/),
      expect.stringMatching(/^schedule: .*accepted: a cron pattern/),
    ]);
    expect(errors![0].message).toContain(problems[2]);
  });

  it('creates a source, edits it keeping what the edit leaves out, and never shows header values', async () => {
    const input = {
      id: 'payer-b',
      baseUrl: 'https://payer-b.example/fhir',
      headers: [{ name: 'x-api-key', value: 'secret-value' }],
      pageSize: 50,
    };
    const created = await graphql<{ upsertSource: SourceData }>(api.url, UPSERT, { input }, ADMIN);
    expect(created.errors).toBeUndefined();
    expect(created.data!.upsertSource).toMatchObject({ name: 'payer-b.example', headerNames: ['x-api-key'], pageSize: 50 });

    const edited = await graphql<{ upsertSource: SourceData }>(api.url, UPSERT, { input: { id: 'payer-b', enabled: false } }, ADMIN);
    expect(edited.data!.upsertSource).toMatchObject({ baseUrl: 'https://payer-b.example/fhir', pageSize: 50, enabled: false });

    const listed = await graphql<{ sources: SourceData[] }>(api.url, SOURCES, {}, ADMIN);
    expect(listed.data!.sources.map((source) => source.id)).toContain('payer-b');
    expect(JSON.stringify(listed)).not.toContain('secret-value');

    const refused = await graphql(api.url, HARVEST_SOURCE, { id: 'payer-b' }, ADMIN);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/disabled/) });

    const removed = await graphql<{ removeSource: boolean }>(api.url, 'mutation { removeSource(id: "payer-b") }', {}, ADMIN);
    expect(removed.data!.removeSource).toBe(true);
    expect((await graphql(api.url, SOURCE, { id: 'payer-b' }, ADMIN)).data).toEqual({ source: null });
  });

  it('refuses to run a paused source until it is resumed', async () => {
    const paused = await graphql<{ pauseSource: SourceData }>(
      api.url,
      'mutation { pauseSource(id: "env-payer-example-fhir-r4", reason: "payer maintenance") { status { paused pausedReason } } }',
      {},
      ADMIN,
    );
    expect(paused.data!.pauseSource.status).toEqual({ paused: true, pausedReason: 'payer maintenance' });
    const refused = await graphql(api.url, HARVEST_SOURCE, { id: 'env-payer-example-fhir-r4' }, ADMIN);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/paused/) });

    const resumed = await graphql<{ resumeSource: SourceData }>(
      api.url,
      'mutation { resumeSource(id: "env-payer-example-fhir-r4") { status { paused } } }',
      {},
      ADMIN,
    );
    expect(resumed.data!.resumeSource.status.paused).toBe(false);
    const unknown = await graphql(api.url, HARVEST_SOURCE, { id: 'nobody' }, ADMIN);
    expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/no source "nobody"/) });
  });

  it('runs a source on demand and keeps its run record with per-type counters', async () => {
    const queued = await graphql<{ harvestSource: string }>(api.url, HARVEST_SOURCE, { id: 'plan-net-ri', mode: 'FULL' }, ADMIN);
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.harvestSource).toBe('harvest-plan-net-ri');

    // The source's status moves last, once the run and the index catch-up are done.
    const lastRunId = async () =>
      (await graphql<{ source: SourceData }>(api.url, SOURCE, { id: 'plan-net-ri' }, ADMIN)).data?.source.status.lastRunId;
    await waitFor(async () => (await lastRunId()) != null, 150_000, api.output);
    const runs = (await graphql<{ runs: RunData[] }>(api.url, RUNS, { sourceId: 'plan-net-ri' }, ADMIN)).data!.runs;

    const [run] = runs;
    expect(await lastRunId()).toBe(run.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', mode: 'FULL', complete: true });
    const roles = run.types.find((type) => type.type === 'PractitionerRole');
    expect(roles).toMatchObject({ resources: 2007, serverTotal: 2007, complete: true });
    expect(roles!.pages).toBeGreaterThanOrEqual(Math.ceil(2007 / 200));
    expect(roles!.bytes).toBeGreaterThan(0);
    expect(run.totals.resources).toBe(run.types.reduce((sum, type) => sum + type.resources, 0));
    // Resources with a number where FHIR wants a string are repaired and counted, not quarantined.
    const numeric = numericIdentifierValues();
    expect(run.types.map(({ type, repaired, quarantined }) => ({ type, repaired, quarantined }))).toEqual(
      run.types.map(({ type }) => ({ type, repaired: idsWithNumericIdentifierValues(type).length, quarantined: 0 })),
    );
    expect(run.totals).toMatchObject({ repaired: new Set(numeric.map((found) => found.id)).size, quarantined: 0 });
    expect(run.quarantine).toEqual([]);
    expect(run.repairs.filter((sample) => sample.type === 'Practitioner').map((sample) => sample.id).sort()).toEqual(
      idsWithNumericIdentifierValues('Practitioner'),
    );
    expect(run.repairs.find((sample) => sample.type === 'Organization')!.reasons[0]).toMatch(
      /^Organization\.identifier\[\d+\]\.value was the number \d+; FHIR wants a string: made "\d+"$/,
    );
    expect(run.probe).toEqual({
      lastUpdated: true,
      history: false,
      export: false,
      sort: false,
      serverTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      requestedPageSize: 200,
      effectivePageSize: 200,
      requests: 2,
    });
    expect(run.totals.requests).toBe(run.types.reduce((sum, type) => sum + type.requests, run.probe!.requests));

    const single = await graphql<{ run: RunData }>(api.url, RUN, { sourceId: 'plan-net-ri', id: run.id }, ADMIN);
    expect(single.data!.run).toEqual(run);
    const source = await graphql<{ source: SourceData }>(api.url, SOURCE, { id: 'plan-net-ri' }, ADMIN);
    expect(source.data!.source.status).toMatchObject({ paused: false, consecutiveFailures: 0 });
    const held = await graphql<{ heldRuns: RunData[] }>(api.url, '{ heldRuns { id } }', {}, ADMIN);
    expect(held.data!.heldRuns).toEqual([]);
    const confirm = await graphql(api.url, `mutation { confirmHeldRun(sourceId: "plan-net-ri", runId: "${run.id}") }`, {}, ADMIN);
    expect(confirm.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/no held run/) });
  });

  it('serves no queue dashboard without Redis', async () => {
    const response = await fetch(`${api.url}/admin/queues`, { headers: ADMIN });
    expect(response.status).toBe(404);
  });
});

describe('admin with REDIS_URL: BullMQ job schedulers, job progress and the queue dashboard', () => {
  let fhir: TestFhirServer;
  let redis: TestRedis;
  let dataDir: string;
  let api: RunningService;
  let worker: ReturnType<typeof startWorker>;
  let queue: Queue;
  let events: QueueEvents;
  const progress: { jobId: string; data: unknown }[] = [];

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    redis = await startTestRedis();
    const prefix = redis.prefix.replace(/:$/, '');
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-admin-redis-'));
    const env = serviceEnv({ DATA_DIR: dataDir, REDIS_URL: redis.url, REDIS_PREFIX: prefix, ADMIN_API_KEY: ADMIN_KEY });
    worker = startWorker(env);
    api = await startApi(env);
    const connection = { url: redis.url };
    queue = new Queue(QUEUE_NAME, { connection, prefix });
    events = new QueueEvents(QUEUE_NAME, { connection, prefix });
    events.on('progress', ({ jobId, data }) => void progress.push({ jobId, data }));
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await api?.stop();
    await worker?.stop();
    await redis?.cleanup();
    await fhir?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers 401 with a basic-auth challenge without the admin key, and the board with it', async () => {
    const anonymous = await fetch(`${api.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = await fetch(`${api.url}/admin/queues`, { headers: { 'x-admin-key': `${ADMIN_KEY}x` } });
    expect(wrong.status).toBe(401);

    const withHeader = await fetch(`${api.url}/admin/queues`, { headers: ADMIN });
    expect(withHeader.status).toBe(200);
    expect(await withHeader.text()).toMatch(/<html/i);
    const basic = `Basic ${Buffer.from(`admin:${ADMIN_KEY}`).toString('base64')}`;
    const board = await fetch(`${api.url}/admin/queues/api/queues`, { headers: { authorization: basic } });
    expect(board.status).toBe(200);
    expect(JSON.stringify(await board.json())).toContain(QUEUE_NAME);
  });

  it('keeps a BullMQ job scheduler per scheduled source, and removes it with the schedule', async () => {
    const input = { id: 'payer-c', baseUrl: 'https://payer-c.example/fhir', schedule: '0 3 * * *' };
    const upserted = await graphql(api.url, UPSERT, { input }, ADMIN);
    expect(upserted.errors).toBeUndefined();

    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({
        key: 'source-payer-c',
        pattern: '0 3 * * *',
        name: 'harvest-source',
        template: expect.objectContaining({ data: { sourceId: 'payer-c' } }),
      }),
    ]);

    await graphql(api.url, UPSERT, { input: { id: 'payer-c', schedule: '30 4 * * 1' } }, ADMIN);
    expect(await queue.getJobScheduler('source-payer-c')).toMatchObject({ pattern: '30 4 * * 1' });

    await graphql(api.url, UPSERT, { input: { id: 'payer-c', schedule: null } }, ADMIN);
    expect(await queue.getJobScheduler('source-payer-c')).toBeUndefined();

    await graphql(api.url, UPSERT, { input: { id: 'payer-c', schedule: '0 3 * * *' } }, ADMIN);
    await graphql(api.url, 'mutation { removeSource(id: "payer-c") }', {}, ADMIN);
    expect((await queue.getJobSchedulers()).map((entry) => entry.key)).not.toContain('source-payer-c');
  });

  it('runs a source on the worker, reporting its run as BullMQ job progress', async () => {
    await graphql(api.url, UPSERT, { input: { id: 'plan-net-ri', baseUrl: fhir.baseUrl } }, ADMIN);

    const queued = await graphql<{ harvestSource: string }>(api.url, HARVEST_SOURCE, { id: 'plan-net-ri' }, ADMIN);
    expect(queued.data!.harvestSource).toBe('harvest-plan-net-ri');
    let runs: RunData[] = [];
    await waitFor(
      async () => {
        runs = (await graphql<{ runs: RunData[] }>(api.url, RUNS, { sourceId: 'plan-net-ri' }, ADMIN)).data?.runs ?? [];
        return runs[0]?.finishedAt != null;
      },
      150_000,
      worker.output,
    );

    expect(runs[0]).toMatchObject({ status: 'SUCCEEDED', complete: true });
    expect(runs[0].types.find((type) => type.type === 'PractitionerRole')).toMatchObject({ resources: 2007 });
    await waitFor(async () => progress.some(({ data }) => (data as { status?: string }).status === 'succeeded'), 10_000, () => JSON.stringify(progress));
    expect(progress.every(({ jobId }) => jobId === 'harvest-plan-net-ri')).toBe(true);
    expect(progress.at(-1)!.data).toMatchObject({ runId: runs[0].id, sourceId: 'plan-net-ri', totals: { resources: runs[0].totals.resources } });
  });
});
