import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { QUEUE_NAME } from '@pds/jobs';
import { RedisStateStore } from '@pds/store';
import { type TestFhirServer, type TestRedis, planNetDataDir, startTestFhirServer, startTestRedis } from '@pds/testing';
import { Queue } from 'bullmq';
import { graphql } from './support/graphql-client';
import { type ServedIndex, servedIndex } from './support/served-index';
import { type RunningService, runHarvestCli, redisEnv, serviceEnv, startApi, startWorker, waitFor } from './support/service-process';

jest.setTimeout(180_000);

const ADMIN_KEY = 'e2e-admin-key-0123456789';
const ADMIN = { 'x-admin-key': ADMIN_KEY };
const SOURCE_ID = 'plan-net-ri';
/** One job id per source, so a repeated trigger is a no-op while a run waits or runs. */
const JOB_ID = `harvest-${SOURCE_ID}`;
const UPSERT = 'mutation Upsert($input: SourceInput!) { upsertSource(input: $input) { id } }';
const HARVEST_SOURCE = 'mutation Run($id: ID!, $mode: HarvestMode) { harvestSource(id: $id, mode: $mode) }';
const LAST_RUN_ID = 'query Source($id: ID!) { source(id: $id) { status { lastRunId } } }';
const RUNS = `query Runs($sourceId: ID!) { runs(sourceId: $sourceId, first: 5) {
  id status mode complete
  totals { resources added updated unchanged deleted }
  types { type resources quarantined serverTotal complete }
} }`;

interface RunData {
  id: string;
  status: string;
  mode: string;
  complete: boolean;
  totals: { resources: number; added: number; updated: number; unchanged: number; deleted: number };
  types: { type: string; resources: number; quarantined: number; serverTotal: number | null; complete: boolean }[];
}

/** The part of the harvester's checkpoint (libs/harvest run-checkpoint.ts) the test reads. */
interface Checkpoint {
  record: { id: string };
  positions: Partial<Record<string, { nextUrl: string | null; done: boolean }>>;
}

type Worker = ReturnType<typeof startWorker>;


/** The index of an uninterrupted harvest of `baseUrl`: the CLI's embedded run in one go. */
async function uninterruptedIndex(baseUrl: string, dataDir: string): Promise<ServedIndex> {
  expect((await runHarvestCli([baseUrl], serviceEnv({ DATA_DIR: dataDir }))).code).toBe(0);
  const api = await startApi(serviceEnv({ DATA_DIR: dataDir }));
  try {
    return await servedIndex(api.url);
  } finally {
    await api.stop();
  }
}

/**
 * Stops a service still running. A graceful shutdown that hangs (a worker's once did, after its job
 * had failed as stalled) ends in SIGKILL: teardown must not hold the suite up.
 */
async function shutDown(service: Worker): Promise<void> {
  const { process: child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const stopped = service.stop();
  if (await Promise.race([stopped.then(() => true), delay(10_000, undefined, { ref: false }).then(() => false)])) return;
  child.kill('SIGKILL');
  await stopped;
}

/** `/fhir/Type?...` as the test server logs a request, from the absolute URL a checkpoint keeps. */
const requestPath = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

describe('with REDIS_URL, a worker killed with SIGKILL mid-run', () => {
  let fhir: TestFhirServer;
  let referenceFhir: TestFhirServer;
  let redis: TestRedis;
  let state: RedisStateStore;
  let queue: Queue;
  let api: RunningService;
  let env: NodeJS.ProcessEnv;
  let clean: ServedIndex;
  const dirs: string[] = [];
  /** Every worker started, in order; the killed ones stay for their output. */
  const workers: Worker[] = [];

  const tempDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-bullmq-resume-'));
    dirs.push(dir);
    return dir;
  };
  const newWorker = () => {
    const worker = startWorker(env);
    workers.push(worker);
    return worker;
  };
  const kill = async (worker: Worker) => {
    const exited = once(worker.process, 'exit');
    worker.process.kill('SIGKILL');
    await exited;
  };
  const workersOutput = () => workers.map((worker, at) => `worker ${at + 1}:\n${worker.output()}`).join('\n');
  const runs = async () => (await graphql<{ runs: RunData[] }>(api.url, RUNS, { sourceId: SOURCE_ID }, ADMIN)).data!.runs;
  const lastRunId = async () =>
    (await graphql<{ source: { status: { lastRunId: string | null } } }>(api.url, LAST_RUN_ID, { id: SOURCE_ID }, ADMIN)).data?.source
      .status.lastRunId;
  const checkpoint = () => state.get<Checkpoint>(`checkpoints/${SOURCE_ID}`);
  const harvestFull = async () => {
    const queued = await graphql<{ harvestSource: string }>(api.url, HARVEST_SOURCE, { id: SOURCE_ID, mode: 'FULL' }, ADMIN);
    expect(queued.data?.harvestSource).toBe(JOB_ID);
  };
  const pace = async (settings: { pageSize: number; requestsPerSecond: number }) => {
    const input = { id: SOURCE_ID, baseUrl: fhir.baseUrl, ...settings };
    expect((await graphql(api.url, UPSERT, { input }, ADMIN)).errors).toBeUndefined();
  };
  /** Until the source's status names the run: it moves last, once the run and the index catch-up are done. */
  const finished = async (runId: string) => {
    let seen = '';
    await waitFor(
      async () => {
        const [run] = await runs();
        seen = `run ${run?.id} ${run?.status}, job ${JOB_ID} ${await queue.getJobState(JOB_ID)}`;
        return (await lastRunId()) === runId;
      },
      150_000,
      () => `${seen}\n${workersOutput()}`,
    );
  };
  const killMidRun = async (worker: Worker, until: (checkpoint: Checkpoint | null) => boolean) => {
    await waitFor(async () => until(await checkpoint()), 150_000, () => `the run never got there\n${workersOutput()}`);
    await kill(worker);
    return { checkpoint: (await checkpoint())!, requests: fhir.requests.length };
  };

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    referenceFhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    redis = await startTestRedis();
    state = new RedisStateStore(redis.url, redis.prefix);
    queue = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix: redis.prefix.replace(/:$/, '') });
    env = serviceEnv({
      DATA_DIR: await tempDir(),
      ...redisEnv(redis),
      ADMIN_API_KEY: ADMIN_KEY,
      // A killed worker's job is found stalled, and resumed by another, within about twice this.
      JOB_LOCK_SECONDS: '5',
    });
    newWorker();
    api = await startApi(env);
  });

  afterAll(async () => {
    for (const service of [api, ...workers]) if (service) await shutDown(service);
    await queue?.close();
    await state?.close();
    await redis?.cleanup();
    await fhir?.close();
    await referenceFhir?.close();
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it('resumes on another worker from its last page, and ends with the index of an uninterrupted run', async () => {
    // Small pages at a modest rate: the run is still crawling, type after type, when it is killed.
    await pace({ pageSize: 20, requestsPerSecond: 20 });
    await harvestFull();
    const atKill = await killMidRun(workers[0], (current) => current?.positions.Practitioner?.done === false);
    const practitioners = atKill.checkpoint.positions.Practitioner!;
    expect(practitioners).toMatchObject({ done: false, nextUrl: expect.any(String) });

    // A second click while the killed run waits to resume must neither queue nor start another run.
    await harvestFull();
    // The dead worker's job still holds its id, so the new worker's start-up resume is a duplicate:
    // BullMQ moves the job back once the dead worker's lock expires, and the new worker resumes it.
    newWorker();
    // The uninterrupted reference is harvested meanwhile, from a second copy of the server so that
    // the request log holds only the resumed run's pages.
    [clean] = await Promise.all([uninterruptedIndex(referenceFhir.baseUrl, await tempDir()), finished(atKill.checkpoint.record.id)]);
    expect(clean.keys.length).toBeGreaterThan(2000);

    const afterKill = fhir.requests.slice(atKill.requests);
    const completedTypes = Object.entries(atKill.checkpoint.positions).flatMap(([type, position]) => (position?.done ? [type] : []));
    expect(completedTypes).toEqual(['Organization', 'InsurancePlan', 'Location', 'HealthcareService', 'Endpoint', 'OrganizationAffiliation']);
    for (const type of completedTypes) expect(afterKill.filter((request) => request.startsWith(`/fhir/${type}?`))).toEqual([]);
    expect(afterKill.filter((request) => request.startsWith('/fhir/metadata'))).toEqual([]);
    const practitionerPages = afterKill.filter((request) => request.startsWith('/fhir/Practitioner?'));
    expect(practitionerPages[0]).toBe(requestPath(practitioners.nextUrl!));
    expect(afterKill.some((request) => request.startsWith('/fhir/PractitionerRole?'))).toBe(true);

    const [run, ...others] = await runs();
    expect(others).toEqual([]);
    expect(run).toMatchObject({ id: atKill.checkpoint.record.id, status: 'SUCCEEDED', mode: 'FULL', complete: true });
    // A page fetched again after the kill is counted once: each type adds up to the server's total.
    expect(run.types.map((type) => [type.type, type.resources + type.quarantined])).toEqual(
      run.types.map((type) => [type.type, type.serverTotal]),
    );
    expect(run.totals).toMatchObject({ added: run.totals.resources, updated: 0, unchanged: 0, deleted: 0 });
    expect(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).toEqual({ waiting: 0, active: 0, delayed: 0, prioritized: 0 });

    const served = async () => ((await (await fetch(`${api.url}/health`)).json()) as { documents: number }).documents;
    await waitFor(async () => (await served()) > 0, 30_000, api.output);
    expect(await servedIndex(api.url)).toEqual(clean);
  });

  it('runs the same full harvest job again without changing a resource or a document', async () => {
    // Bigger pages only make the repeat quicker: the job, its mode and the resources are the same.
    await pace({ pageSize: 100, requestsPerSecond: 100 });
    const [previous] = await runs();
    await harvestFull();
    await waitFor(
      async () => {
        const id = await lastRunId();
        return id != null && id !== previous.id;
      },
      150_000,
      workersOutput,
    );

    const [run] = await runs();

    expect(run).toMatchObject({ status: 'SUCCEEDED', mode: 'FULL', complete: true });
    expect(run.totals).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: previous.totals.resources });
    expect(await servedIndex(api.url)).toEqual(clean);
  });

  it('resumes again when the worker that resumed the run is killed too', async () => {
    await pace({ pageSize: 20, requestsPerSecond: 20 });
    await harvestFull();
    const first = await killMidRun(workers.at(-1)!, (current) => current?.positions.Practitioner?.done === false);
    const resumer = newWorker();
    // Killed again as soon as the resumed run has written a page of its own.
    const resumedFrom = JSON.stringify(first.checkpoint.positions);
    const second = await killMidRun(resumer, (current) => current !== null && JSON.stringify(current.positions) !== resumedFrom);
    newWorker();
    await finished(first.checkpoint.record.id);

    const afterKill = fhir.requests.slice(second.requests);
    const completedTypes = Object.entries(second.checkpoint.positions).flatMap(([type, position]) => (position?.done ? [type] : []));
    for (const type of completedTypes) expect(afterKill.filter((request) => request.startsWith(`/fhir/${type}?`))).toEqual([]);
    const [run] = await runs();
    expect(run).toMatchObject({ id: first.checkpoint.record.id, status: 'SUCCEEDED', complete: true });
    expect(run.totals).toMatchObject({ added: 0, updated: 0, deleted: 0 });
    expect(await servedIndex(api.url)).toEqual(clean);
  });
});
