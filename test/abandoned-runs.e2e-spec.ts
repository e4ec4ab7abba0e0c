import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { QUEUE_NAME } from '@pds/jobs';
import { RedisStateStore } from '@pds/store';
import { type TestFhirServer, type TestRedis, planNetDataDir, startTestFhirServer, startTestRedis } from '@pds/testing';
import { Queue } from 'bullmq';
import { graphql } from './support/graphql-client';
import { type RunningService, redisEnv, serviceEnv, startApi, startWorker, waitFor } from './support/service-process';

jest.setTimeout(240_000);

const ADMIN_KEY = 'e2e-admin-key-0123456789';
const ADMIN = { 'x-admin-key': ADMIN_KEY };
const SOURCE_ID = 'plan-net-ri';
const UPSERT = 'mutation Upsert($input: SourceInput!) { upsertSource(input: $input) { id } }';
const HARVEST_SOURCE = 'mutation Run($id: ID!) { harvestSource(id: $id, mode: FULL) }';
const RUNS = `query Runs($sourceId: ID!) { runs(sourceId: $sourceId, first: 5) { id status reason complete } }`;

interface RunData {
  id: string;
  status: string;
  reason: string | null;
  complete: boolean;
}

/** The part of the harvester's checkpoint (libs/harvest run-checkpoint.ts) the test reads. */
interface Checkpoint {
  record: { id: string };
  positions: Partial<Record<string, { nextUrl: string | null; done: boolean }>>;
}

type Service = Omit<RunningService, 'url'>;

async function kill(service: Service): Promise<void> {
  const exited = once(service.process, 'exit');
  service.process.kill('SIGKILL');
  await exited;
}

describe('a run whose process died for good', () => {
  let fhir: TestFhirServer;
  const dirs: string[] = [];
  const services: Service[] = [];

  const tempDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-abandoned-'));
    dirs.push(dir);
    return dir;
  };
  const api = async (env: NodeJS.ProcessEnv) => {
    const started = await startApi(env);
    services.push(started);
    return started;
  };
  const output = () => services.map((service, at) => `process ${at + 1}:\n${service.output()}`).join('\n');
  const runsOf = async (url: string) => (await graphql<{ runs: RunData[] }>(url, RUNS, { sourceId: SOURCE_ID }, ADMIN)).data!.runs;
  /** Registers the source with small, slow pages, so the run is still crawling when it is killed, and starts a full run. */
  const startSlowRun = async (url: string) => {
    const input = { id: SOURCE_ID, baseUrl: fhir.baseUrl, pageSize: 20, requestsPerSecond: 20 };
    expect((await graphql(url, UPSERT, { input }, ADMIN)).errors).toBeUndefined();
    expect((await graphql(url, HARVEST_SOURCE, { id: SOURCE_ID }, ADMIN)).errors).toBeUndefined();
  };
  /** Until the abandoned run's successor has succeeded: the newest run, with the abandoned one under it. */
  const resumedAfter = async (url: string, abandonedId: string): Promise<RunData[]> => {
    let runs: RunData[] = [];
    await waitFor(
      async () => {
        runs = await runsOf(url);
        return runs[0]?.status === 'SUCCEEDED' && runs[1]?.id === abandonedId;
      },
      200_000,
      () => `runs: ${JSON.stringify(runs)}\n${output()}`,
    );
    return runs;
  };
  const requestsOfType = (since: number, type: string) => fhir.requests.slice(since).filter((request) => request.startsWith(`/fhir/${type}?`));

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
  });

  afterAll(async () => {
    for (const service of services) await service.stop();
    await fhir?.close();
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it('embedded: is marked ABANDONED when the API restarts, and the next run resumes from its checkpoint', async () => {
    const env = serviceEnv({ DATA_DIR: await tempDir(), ADMIN_API_KEY: ADMIN_KEY });
    const first = await api(env);
    await startSlowRun(first.url);
    const checkpoints = path.join(env.DATA_DIR!, 'state', 'checkpoints');
    const checkpoint = async (): Promise<Checkpoint | null> => {
      const [file] = await fs.readdir(checkpoints).catch(() => []);
      return file ? (JSON.parse(await fs.readFile(path.join(checkpoints, file), 'utf8')) as Checkpoint) : null;
    };
    await waitFor(async () => (await checkpoint())?.positions.Practitioner?.done === false, 150_000, output);
    await kill(first);
    const killed = (await checkpoint())!;
    const requestsBefore = fhir.requests.length;

    const second = await api(env);
    const [resumed, abandoned] = await resumedAfter(second.url, killed.record.id);

    expect(abandoned).toMatchObject({ id: killed.record.id, status: 'ABANDONED', complete: false });
    expect(abandoned.reason).toMatch(/the process running it stopped/);
    expect(resumed.reason).toContain(`resumes abandoned run ${killed.record.id}`);
    expect(resumed.complete).toBe(true);
    // The checkpoint was kept: the types done before the kill were not fetched again.
    expect(requestsOfType(requestsBefore, 'Organization')).toEqual([]);
    const savedPage = new URL(killed.positions.Practitioner!.nextUrl!);
    expect(requestsOfType(requestsBefore, 'Practitioner')[0]).toBe(`${savedPage.pathname}${savedPage.search}`);
  });

  describe('with REDIS_URL', () => {
    let redis: TestRedis;
    let state: RedisStateStore;
    let queue: Queue;

    beforeAll(async () => {
      redis = await startTestRedis();
      state = new RedisStateStore(redis.url, redis.prefix);
      queue = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix: redis.prefix.replace(/:$/, '') });
    });

    afterAll(async () => {
      await queue?.close();
      await state?.close();
      await redis?.cleanup();
    });

    it('is marked ABANDONED by a starting worker when its job is gone from the queue, and the next run resumes', async () => {
      const env = serviceEnv({
        DATA_DIR: await tempDir(),
        ...redisEnv(redis),
        ADMIN_API_KEY: ADMIN_KEY,
      });
      const worker = startWorker(env);
      services.push(worker);
      const { url } = await api(env);
      await startSlowRun(url);
      const checkpoint = () => state.get<Checkpoint>(`checkpoints/${SOURCE_ID}`);
      await waitFor(async () => (await checkpoint())?.positions.Practitioner?.done === false, 150_000, output);
      await kill(worker);
      const killed = (await checkpoint())!;
      // What the queue does after the last attempt or the stalled limit, at once: the job is gone.
      await queue.obliterate({ force: true });
      expect(await runsOf(url)).toMatchObject([{ id: killed.record.id, status: 'RUNNING' }]);

      services.push(startWorker(env));
      const [resumed, abandoned] = await resumedAfter(url, killed.record.id);

      expect(abandoned).toMatchObject({ id: killed.record.id, status: 'ABANDONED', complete: false });
      expect(abandoned.reason).toMatch(/its job is no longer in the queue/);
      expect(resumed.reason).toContain(`resumes abandoned run ${killed.record.id}`);
      expect(resumed.complete).toBe(true);
    });
  });
});
