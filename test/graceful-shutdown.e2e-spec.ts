import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { adHocSettings } from '@pds/harvest';
import { FileStateStore, RedisStateStore } from '@pds/store';
import { type TestFhirServer, type TestRedis, planNetDataDir, startTestFhirServer, startTestRedis } from '@pds/testing';
import { graphql } from './support/graphql-client';
import { type RunningService, redisEnv, serviceEnv, startApi, startWorker, waitFor } from './support/service-process';

jest.setTimeout(60_000);

const ADMIN = { 'x-admin-key': 'e2e-admin-key-0123456789' };
const GRACE_MS = 1_000;
/** The part of the harvester's checkpoint (libs/harvest run-checkpoint.ts) the tests read. */
interface Checkpoint {
  record: { id: string; status: string };
  positions: Partial<Record<string, { nextUrl: string | null; done: boolean }>>;
}

/** The exit code and signal, or 'still running' when the process outlived the grace by far. */
function exitWithinGrace(child: RunningService['process']): Promise<[number | null, NodeJS.Signals | null] | 'still running'> {
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // A bound, not a timing: a process that waited for the job to end would take minutes here.
  return Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), GRACE_MS + 15_000).unref())]);
}

let fhir: TestFhirServer;

beforeAll(async () => {
  fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
});

afterAll(async () => {
  await fhir?.close();
});

describe('on SIGTERM the API stops accepting, finishes the requests in flight and exits 0', () => {
  let dataDir: string;
  let api: RunningService;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-shutdown-'));
    api = await startApi(serviceEnv({ DATA_DIR: dataDir, DEMO_DATA: 'off', LOG_LEVEL: 'info' }));
  });

  afterAll(async () => {
    await api?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers a request whose body is still arriving when the signal comes', async () => {
    const body = JSON.stringify({ query: '{ searchProviders(first: 1) { totalCount } }' });
    const { port } = new URL(api.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    // Expect: 100-continue makes the server say when it holds the request: from then on it is in flight.
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await waitFor(async () => received.includes('100 Continue'), 10_000, () => received);

    const exited = once(api.process, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    api.process.kill('SIGTERM');
    await waitFor(async () => api.output().includes('shutting down'), 10_000, api.output);
    // The listening socket is closed: no new connection gets in while the old request finishes.
    await expect(fetch(`${api.url}/health/live`)).rejects.toThrow();

    socket.write(body);
    await waitFor(async () => received.includes('"totalCount":0'), 10_000, () => received);
    expect(received).toMatch(/HTTP\/1\.1 200 OK/);
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    socket.destroy();
  });
});

describe('on SIGTERM a worker mid-harvest stops taking jobs, waits the grace, then exits 0 keeping the checkpoint', () => {
  const SOURCE_ID = 'plan-net-ri';
  let redis: TestRedis;
  let state: RedisStateStore;
  let dataDir: string;
  let api: RunningService;
  let worker: ReturnType<typeof startWorker>;

  beforeAll(async () => {
    redis = await startTestRedis();
    state = new RedisStateStore(redis.url, redis.prefix);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-worker-shutdown-'));
    const env = serviceEnv({
      DATA_DIR: dataDir,
      ...redisEnv(redis),
      ADMIN_API_KEY: ADMIN['x-admin-key'],
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      LOG_LEVEL: 'info',
    });
    worker = startWorker(env);
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    if (worker && worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill('SIGKILL');
    await state?.close();
    await redis?.cleanup();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('cuts a harvest that outlasts the grace and leaves its checkpoint for the next worker', async () => {
    // Two resources a second: the full harvest takes minutes, far beyond the grace.
    const input = { id: SOURCE_ID, baseUrl: fhir.baseUrl, pageSize: 2, requestsPerSecond: 1 };
    const upsert = 'mutation Upsert($input: SourceInput!) { upsertSource(input: $input) { id } }';
    expect((await graphql(api.url, upsert, { input }, ADMIN)).errors).toBeUndefined();
    const run = 'mutation Run($id: ID!) { harvestSource(id: $id, mode: FULL) }';
    expect((await graphql(api.url, run, { id: SOURCE_ID }, ADMIN)).errors).toBeUndefined();
    await waitFor(async () => (await state.get(`checkpoints/${SOURCE_ID}`)) !== null, 30_000, worker.output);

    const outcome = exitWithinGrace(worker.process);
    worker.process.kill('SIGTERM');
    await waitFor(async () => worker.output().includes('taking no new jobs'), 10_000, worker.output);
    expect(await outcome).toEqual([0, null]);
    expect(worker.output()).toContain('resumes from its checkpoint');
    expect(await state.get(`checkpoints/${SOURCE_ID}`)).not.toBeNull();
  });
});

describe('on SIGTERM the embedded API mid-harvest drops the waiting jobs, cuts the running one after the grace and exits 0; restarted, it resumes the run', () => {
  const RUNS = 'query Runs($sourceId: ID!) { runs(sourceId: $sourceId, first: 5) { id status reason } }';
  const TOTAL = '{ searchProviders(first: 1) { totalCount } }';
  let dataDir: string;
  let state: FileStateStore;
  let env: NodeJS.ProcessEnv;
  let sourceId: string;
  const apis: RunningService[] = [];

  const output = () => apis.map((api, at) => `api ${at + 1}:\n${api.output()}`).join('\n');
  const runsOf = async (url: string) =>
    (await graphql<{ runs: { id: string; status: string; reason: string | null }[] }>(url, RUNS, { sourceId }, ADMIN)).data!.runs;
  const served = async (url: string) => (await graphql<{ searchProviders: { totalCount: number } }>(url, TOTAL)).data!.searchProviders.totalCount;
  const checkpoint = () => state.get<Checkpoint>(`checkpoints/${sourceId}`);
  const startEmbeddedApi = async () => {
    const api = await startApi(env);
    apis.push(api);
    return api;
  };

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-embedded-shutdown-'));
    state = new FileStateStore(path.join(dataDir, 'state'));
    sourceId = adHocSettings(fhir.baseUrl).id;
    env = serviceEnv({
      DATA_DIR: dataDir,
      // The directory is read at once and indexed: the documents served before the cut. The FHIR
      // server is read two resources a page, two pages a second: minutes, far beyond the grace.
      SOURCES: `${planNetDataDir()},${fhir.baseUrl}`,
      HARVEST_PAGE_SIZE: '2',
      HARVEST_REQUESTS_PER_SECOND: '2',
      ADMIN_API_KEY: ADMIN['x-admin-key'],
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      LOG_LEVEL: 'info',
    });
  });

  afterAll(async () => {
    for (const api of apis) await api.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the checkpoint and the served index through the cut, and the restarted API resumes the run from it', async () => {
    const first = await startEmbeddedApi();
    expect((await graphql(first.url, 'mutation { harvest }', {}, ADMIN)).errors).toBeUndefined();
    expect((await graphql(first.url, 'mutation { reindex }', {}, ADMIN)).errors).toBeUndefined();
    // The directory's run is over (indexed) once the FHIR source's run has crawled a page.
    await waitFor(async () => Object.keys((await checkpoint())?.positions ?? {}).length > 0, 30_000, output);
    const before = await served(first.url);
    expect(before).toBeGreaterThan(0);

    const outcome = exitWithinGrace(first.process);
    first.process.kill('SIGTERM');
    await waitFor(async () => first.output().includes('taking no new jobs'), 10_000, output);
    expect(await outcome).toEqual([0, null]);

    // The process was gone before the harvest could finish: its run is still running, with pages left.
    const cut = (await checkpoint())!;
    expect(cut.record.status).toBe('running');
    const [inProgress, position] = Object.entries(cut.positions).find(([, at]) => !at!.done)!;
    expect(first.output()).toMatch(/"dropped":\["reindex"\]/);
    expect(first.output()).toMatch(/"cut":\["harvest"\].*the job still running after the grace was cut/);
    const requestsBefore = fhir.requests.length;

    const second = await startEmbeddedApi();
    // The cut run's full pass was staged, never committed: the index serves what it served.
    expect(await served(second.url)).toBe(before);
    // SOURCES registered the FHIR source: the restarted API resumes its run from the checkpoint.
    let runs: { id: string; status: string; reason: string | null }[] = [];
    await waitFor(
      async () => {
        runs = await runsOf(second.url);
        return runs[1]?.id === cut.record.id && (runs[0]?.reason ?? '').includes(`resumes abandoned run ${cut.record.id}`);
      },
      30_000,
      () => `runs: ${JSON.stringify(runs)}\n${output()}`,
    );
    expect(runs[1]).toMatchObject({ status: 'ABANDONED', reason: expect.stringMatching(/the process running it stopped/) });
    const savedPage = new URL(position!.nextUrl!);
    await waitFor(async () => fhir.requests.slice(requestsBefore).some((request) => request.startsWith(`/fhir/${inProgress}?`)), 30_000, output);
    expect(fhir.requests.slice(requestsBefore).find((request) => request.startsWith(`/fhir/${inProgress}?`))).toBe(`${savedPage.pathname}${savedPage.search}`);
  });
});
