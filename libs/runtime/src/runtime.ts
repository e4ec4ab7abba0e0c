import * as path from 'node:path';
import { type AppConfig, type Logger, createLogger } from '@pds/config';
import { DirectoryBuilder } from '@pds/directory';
import { ConsecutiveFailures, type Deadline, FhirClient, type PageSizeGovernor } from '@pds/fhir';
import {
  FileLedgerStore,
  IndexUpdateRecordStore,
  IndexUpdater,
  type LedgerStore,
  RedisLedgerStore,
  RunCrawler,
  RunRecordStore,
  type SourceSettings,
  SourceRegistry,
  SourceRunner,
  adHocSettings,
  normalizeSourceUrl,
  readSourcesFile,
  seedSources,
} from '@pds/harvest';
import {
  BullmqJobConsumer,
  BullmqJobQueue,
  InProcessJobQueue,
  type JobConsumer,
  JobName,
  type JobQueue,
} from '@pds/jobs';
import { EmbeddedSearchIndex, MeilisearchSearchIndex, type SearchIndex } from '@pds/search';
import {
  FileResourceStore,
  FileStateStore,
  RedisResourceStore,
  RedisStateStore,
  type ResourceStore,
  type StateStore,
} from '@pds/store';
import { Redis, type RedisOptions } from 'ioredis';
import { DemoData } from './demo-data';
import { jobHandlers } from './job-handlers';
import { SourceSchedules } from './source-schedules';
import { SourcesService } from './sources.service';

/**
 * The one place that picks adapters from configuration: embedded files and in-process jobs by
 * default; Redis store and BullMQ with REDIS_URL; Meilisearch with MEILI_URL. The API, the
 * worker and the CLI all build the same runtime.
 */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  store: ResourceStore;
  /** Settings, statuses, run records and checkpoints, shared by every process. */
  state: StateStore;
  index: SearchIndex;
  queue: JobQueue;
  /** Null where another process consumes (the API when REDIS_URL is set). */
  consumer: JobConsumer | null;
  /** Runs sources (a run, then the index catching up): ad hoc, and the index rebuild. */
  runner: SourceRunner;
  /** Settings and statuses of the registered sources. */
  registry: SourceRegistry;
  /** Editing registered sources with their schedules, and their runs. */
  sources: SourcesService;
  runs: RunRecordStore;
  /** The last reindex and each source's last catch-up of the index, whichever process ran them. */
  indexUpdates: IndexUpdateRecordStore;
  /** SOURCES_FILE's entries, validated when the runtime was built (empty for the CLI). */
  fileSources: SourceSettings[];
  /** Synthetic data served on a fresh start until a real source completes a full pass. */
  demo: DemoData;
  close(): Promise<void>;
}

export type RuntimeRole = 'api' | 'worker' | 'cli';

const CONSECUTIVE_FAILURES_TO_PAUSE = 20;

/**
 * The API keeps answering while Redis is away (searches come from the index): its commands fail
 * by the next reconnect attempt (2 s at most) instead of queueing until Redis returns, so an admin
 * call answers UNAVAILABLE rather than hanging. Workers and the CLI keep ioredis's patient
 * defaults: a harvest should outlast a Redis blip.
 */
const API_REDIS_OPTIONS: RedisOptions = { maxRetriesPerRequest: 0, retryStrategy: (attempt) => Math.min(attempt * 200, 2_000) };
const MB = 1024 * 1024;

/**
 * Whether a source's requests may reach private addresses: those the operator gave (the CLI's
 * arguments, SOURCES, SOURCES_FILE) may, so may every source with ALLOW_PRIVATE_SOURCES=true;
 * one an admin set may not.
 */
function operatorSources(config: AppConfig, role: RuntimeRole, fileSources: SourceSettings[]): (baseUrl: string) => boolean {
  if (role === 'cli' || config.ALLOW_PRIVATE_SOURCES) return () => true;
  const given = new Set(fileSources.map((source) => source.baseUrl));
  for (const source of config.SOURCES) {
    try {
      given.add(normalizeSourceUrl(source));
    } catch {
      // Not a source at all: seeding reports it, and it can match no base URL.
    }
  }
  return (baseUrl) => given.has(baseUrl);
}

export async function createRuntime(config: AppConfig, role: RuntimeRole): Promise<Runtime> {
  const logger = createLogger(config.LOG_LEVEL, `pds-${role}`);
  // Read before anything connects: a broken sources file stops the start with every problem listed.
  const fileSources = config.SOURCES_FILE && role !== 'cli' ? await readSourcesFile(config.SOURCES_FILE) : [];
  const apiRedis = config.REDIS_URL && role === 'api' ? new Redis(config.REDIS_URL, API_REDIS_OPTIONS) : null;
  // Without a listener ioredis prints every failed reconnect; the API's readiness and its own log say Redis is away.
  apiRedis?.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
  // Each store's own client from the URL, or the API's one shared client (closed last, below).
  const redis = apiRedis ?? config.REDIS_URL;
  const store: ResourceStore = redis
    ? new RedisResourceStore(redis, { prefix: `${config.REDIS_PREFIX}:` })
    : new FileResourceStore(path.join(config.DATA_DIR, 'resources'));
  const state: StateStore = redis
    ? new RedisStateStore(redis, `${config.REDIS_PREFIX}:`)
    : new FileStateStore(path.join(config.DATA_DIR, 'state'));
  const synonymsFile = config.SEARCH_SYNONYMS_FILE;
  const index: SearchIndex = config.MEILI_URL
    ? new MeilisearchSearchIndex({
        url: config.MEILI_URL,
        apiKey: config.MEILI_KEY,
        indexUid: config.MEILI_INDEX,
        requestTimeoutMs: config.MEILI_TIMEOUT_MS,
        synonymsFile,
      })
    : await EmbeddedSearchIndex.open(path.join(config.DATA_DIR, 'index'), { synonymsFile });
  const ledger: LedgerStore = redis
    ? new RedisLedgerStore(redis, `${config.REDIS_PREFIX}:`)
    : new FileLedgerStore(path.join(config.DATA_DIR, 'ledger'));
  const registry = new SourceRegistry(state, {
    allowPrivateTargets: config.ALLOW_PRIVATE_SOURCES,
    allowInsecureHeaders: config.ALLOW_INSECURE_SOURCE_HEADERS,
  });
  const runs = new RunRecordStore(state);
  const trusted = operatorSources(config, role, fileSources);
  // Each source's own limits and headers; retries are the deployment's. A run stops, saying so,
  // after this many failed requests in a row: the payer is down, not flaky.
  const clientFor = (settings: SourceSettings, governor: PageSizeGovernor, deadline: Deadline) =>
    new FhirClient({
      timeoutMs: settings.timeoutMs,
      retries: config.HARVEST_RETRIES,
      requestsPerSecond: settings.requestsPerSecond,
      concurrency: settings.concurrency,
      sourceHeaders: { origin: new URL(settings.baseUrl).origin, headers: settings.headers },
      allowPrivateTargets: trusted(settings.baseUrl),
      maxAnswerBytes: settings.maxAnswerMb * MB,
      maxDownloadBytes: settings.maxDownloadMb * MB,
      maxDownloadMs: settings.maxDownloadMinutes * 60_000,
      deadline,
      governor,
      health: new ConsecutiveFailures({ pauseAfter: CONSECUTIVE_FAILURES_TO_PAUSE }),
    });
  const updater = new IndexUpdater(store, new DirectoryBuilder(), index, ledger, state);
  const runner = new SourceRunner(
    new RunCrawler({ store, state, clientFor, records: runs, logger }),
    updater,
    index,
    logger,
    { pageSize: config.HARVEST_PAGE_SIZE, timeoutMs: config.HARVEST_TIMEOUT_MS, requestsPerSecond: config.HARVEST_REQUESTS_PER_SECOND },
  );
  const { queue, consumer } = jobsFor(config, role, logger);
  const demo = new DemoData({ config, logger, store, index, runner, updater, registry, fileSources });
  const schedules = new SourceSchedules(queue);
  return {
    config,
    logger,
    store,
    state,
    index,
    queue,
    consumer,
    runner,
    registry,
    sources: new SourcesService({ registry, schedules, runner, runs, logger, demo }),
    runs,
    indexUpdates: new IndexUpdateRecordStore(state),
    fileSources,
    demo,
    async close() {
      await consumer?.close();
      await queue.close();
      await index.close();
      await ledger.close();
      await state.close();
      await store.close();
      await apiRedis?.quit();
    },
  };
}

function jobsFor(config: AppConfig, role: RuntimeRole, logger: Logger): { queue: JobQueue; consumer: JobConsumer | null } {
  if (!config.REDIS_URL || role === 'cli') {
    const inProcess = new InProcessJobQueue(logger);
    return { queue: inProcess, consumer: inProcess };
  }
  // The API only enqueues: with Redis away its calls fail at once (failFast) instead of waiting.
  const options = { redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, lockMs: config.JOB_LOCK_SECONDS * 1000, failFast: role === 'api' };
  return {
    queue: new BullmqJobQueue(options),
    consumer: role === 'worker' ? new BullmqJobConsumer(options, logger) : null,
  };
}

/**
 * Starts consuming (where this process consumes), seeds the configured sources, brings every
 * source's schedule in step with its settings, and schedules the SOURCES group harvest. Every
 * process may do the seeding and scheduling: both are idempotent upserts.
 */
export async function startJobs(runtime: Runtime): Promise<void> {
  const { config, consumer, queue, logger, registry, runner, sources, demo } = runtime;
  const sweep = (reason: string) =>
    Promise.all([
      abandonOrphanedRuns(runtime, reason).catch((error: unknown) => logger.error({ err: error }, 'sweep for abandoned runs failed')),
      failOrphanedReindex(runtime, reason).catch((error: unknown) => logger.error({ err: error }, 'sweep for an interrupted reindex failed')),
    ]);
  await consumer?.start(jobHandlers({ runner, registry, sources, logger, demo }), { gaveUp: (reason) => void sweep(reason) });
  await sweep(
    consumer instanceof InProcessJobQueue
      ? 'the process running it stopped (jobs run in process, so none survives a restart)'
      : 'its job is no longer in the queue (its worker died and the job was given up or removed)',
  );
  const seeded = await seedSources(registry, { fileSources: runtime.fileSources, urls: config.SOURCES });
  if (seeded.skipped.length > 0) logger.info({ skipped: seeded.skipped }, 'SOURCES entries not registered as sources');
  await sources.scheduleAll();
  if (consumer === null) return;
  await resumeInterruptedRuns(runtime);
  if (config.SOURCES.length === 0) return;
  // SOURCES keep their one group harvest (and one rebuild) every HARVEST_INTERVAL_MINUTES; cron
  // schedules belong to sources with settings.
  const payload = { sources: config.SOURCES };
  if (config.HARVEST_INTERVAL_MINUTES > 0) {
    const timing = { everyMs: config.HARVEST_INTERVAL_MINUTES * 60_000, immediately: config.HARVEST_ON_START };
    await queue.schedule('harvest-sources', JobName.Harvest, payload, timing);
  } else if (config.HARVEST_ON_START) {
    await queue.enqueue(JobName.Harvest, payload, { jobId: 'harvest-sources-on-start' });
  }
}

/**
 * Marks abandoned every running run that no live job will carry on: its job failed for good or
 * is gone (in process, every run found at start). The checkpoint stays for the next run.
 */
type RunSweepParts = Pick<Runtime, 'runner' | 'registry' | 'queue' | 'logger'>;

async function abandonOrphanedRuns({ runner, registry, queue, logger }: RunSweepParts, reason: string): Promise<void> {
  const named = await sourcesNamedByLiveJobs(queue);
  const candidates = (await runner.interrupted()).filter((sourceId) => !named.has(sourceId));
  if (candidates.length === 0) return;
  // The queue's lists are read one after another: a job moving between them (waiting to active,
  // or back when its worker died) can be missed once, hardly twice.
  const namedAgain = await sourcesNamedByLiveJobs(queue);
  for (const sourceId of candidates) {
    if (namedAgain.has(sourceId)) continue;
    const abandoned = await runner.abandon(sourceId, reason);
    if (!abandoned) continue;
    if (await registry.get(sourceId)) await registry.recordRunFinished(sourceId, abandoned);
    logger.info({ sourceId, run: abandoned.id }, 'marked an orphaned run abandoned; its checkpoint stays for the next run');
  }
}

/**
 * Marks the last reindex failed when its record still says running but no reindex job is waiting
 * or running: the process running it died (in process, any reindex found running at start). A
 * catch-up left running is not swept: the CLI runs catch-ups outside any queue, so no job list
 * tells a live one from a dead one; the source's next catch-up (its next run) replaces it.
 */
async function failOrphanedReindex({ indexUpdates, queue, logger }: Pick<Runtime, 'indexUpdates' | 'queue' | 'logger'>, reason: string): Promise<void> {
  const record = await indexUpdates.lastReindex();
  if (record?.status !== 'running') return;
  const live = async () => (await queue.liveJobs()).some((job) => job.name === JobName.Reindex);
  // Read twice, as for runs: a job moving between the queue's lists can be missed once.
  if ((await live()) || (await live())) return;
  if (await indexUpdates.failInterruptedReindex(record.id, `interrupted: ${reason}`)) {
    logger.info({ startedAt: record.startedAt }, 'marked an interrupted reindex failed; run reindex again');
  }
}

/** Ids of the sources a waiting, delayed or running job will run. */
async function sourcesNamedByLiveJobs(queue: JobQueue): Promise<Set<string>> {
  const named = new Set<string>();
  for (const job of await queue.liveJobs()) {
    if (job.name === JobName.HarvestSource) named.add(job.payload.sourceId);
    if (job.name === JobName.Harvest) for (const source of job.payload.sources) named.add(adHocSettings(source).id);
  }
  return named;
}

/**
 * Runs whose process died (SIGKILL, a crash, a deploy) left a checkpoint: queue them again, and
 * the run resumes from its last page. The deterministic job id makes several starting processes
 * queue one. Ad-hoc CLI sources resume when the CLI runs again.
 */
async function resumeInterruptedRuns({ runner, registry, queue, logger }: RunSweepParts): Promise<void> {
  for (const sourceId of await runner.interrupted()) {
    if (!(await registry.get(sourceId))) continue;
    logger.info({ sourceId }, 'resuming an interrupted run');
    await queue.enqueue(JobName.HarvestSource, { sourceId }, { jobId: `harvest-${sourceId}` });
  }
}
