import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { RedisStateStore } from '@pds/store';
import { type TestFhirServer, type TestRedis, planNetDataDir, startTestFhirServer, startTestRedis } from '@pds/testing';
import { graphql } from './support/graphql-client';
import { type RunningService, redisEnv, serviceEnv, startApi, startWorker, waitFor } from './support/service-process';

jest.setTimeout(60_000);

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
  const ADMIN = { 'x-admin-key': 'e2e-admin-key-0123456789' };
  const SOURCE_ID = 'plan-net-ri';
  const GRACE_MS = 2_000;
  let fhir: TestFhirServer;
  let redis: TestRedis;
  let state: RedisStateStore;
  let dataDir: string;
  let api: RunningService;
  let worker: ReturnType<typeof startWorker>;

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
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
    await fhir?.close();
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

    const exited = once(worker.process, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    worker.process.kill('SIGTERM');
    await waitFor(async () => worker.output().includes('taking no new jobs'), 10_000, worker.output);
    // A bound, not a timing: a worker that waited for the job to end would take minutes here.
    const outcome = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), GRACE_MS + 15_000).unref())]);
    expect(outcome).toEqual([0, null]);
    expect(worker.output()).toContain('resumes from its checkpoint');
    expect(await state.get(`checkpoints/${SOURCE_ID}`)).not.toBeNull();
  });
});
