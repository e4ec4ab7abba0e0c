import * as path from 'node:path';
import { type AppConfig, type Logger, createLogger } from '@pds/config';
import { DirectoryBuilder } from '@pds/directory';
import { FhirClient } from '@pds/fhir';
import { HarvestRunner, IndexRebuilder, SourceHarvester } from '@pds/harvest';
import {
  BullmqJobConsumer,
  BullmqJobQueue,
  InProcessJobQueue,
  type JobConsumer,
  type JobHandlers,
  JobName,
  type JobQueue,
} from '@pds/jobs';
import { EmbeddedSearchIndex, MeilisearchSearchIndex, type SearchIndex } from '@pds/search';
import { FileResourceStore, RedisResourceStore, type ResourceStore } from '@pds/store';

/**
 * The one place that picks adapters from configuration: embedded files and in-process jobs by
 * default; Redis store and BullMQ with REDIS_URL; Meilisearch with MEILI_URL. The API, the
 * worker and the CLI all build the same runtime.
 */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  store: ResourceStore;
  index: SearchIndex;
  queue: JobQueue;
  /** Null where another process consumes (the API when REDIS_URL is set). */
  consumer: JobConsumer | null;
  runner: HarvestRunner;
  close(): Promise<void>;
}

export type RuntimeRole = 'api' | 'worker' | 'cli';

export async function createRuntime(config: AppConfig, role: RuntimeRole): Promise<Runtime> {
  const logger = createLogger(config.LOG_LEVEL, `pds-${role}`);
  const store: ResourceStore = config.REDIS_URL
    ? new RedisResourceStore(config.REDIS_URL, { prefix: `${config.REDIS_PREFIX}:` })
    : new FileResourceStore(path.join(config.DATA_DIR, 'resources'));
  const index: SearchIndex = config.MEILI_URL
    ? new MeilisearchSearchIndex({ url: config.MEILI_URL, apiKey: config.MEILI_KEY, indexUid: config.MEILI_INDEX })
    : await EmbeddedSearchIndex.open(path.join(config.DATA_DIR, 'index'));
  const client = new FhirClient({ timeoutMs: config.HARVEST_TIMEOUT_MS, retries: config.HARVEST_RETRIES });
  const runner = new HarvestRunner(
    new SourceHarvester(store, client, config.HARVEST_PAGE_SIZE),
    new IndexRebuilder(store, new DirectoryBuilder(), index),
    logger,
  );
  const { queue, consumer } = jobsFor(config, role, logger);
  return {
    config,
    logger,
    store,
    index,
    queue,
    consumer,
    runner,
    async close() {
      await consumer?.close();
      await queue.close();
      await index.close();
      await store.close();
    },
  };
}

function jobsFor(config: AppConfig, role: RuntimeRole, logger: Logger): { queue: JobQueue; consumer: JobConsumer | null } {
  if (!config.REDIS_URL || role === 'cli') {
    const inProcess = new InProcessJobQueue(logger);
    return { queue: inProcess, consumer: inProcess };
  }
  const options = { redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX };
  return {
    queue: new BullmqJobQueue(options),
    consumer: role === 'worker' ? new BullmqJobConsumer(options, logger) : null,
  };
}

/** One handler per job name; the compiler checks none is missing. */
export function jobHandlers(runner: HarvestRunner): JobHandlers {
  return {
    [JobName.Harvest]: async ({ sources }) => {
      const report = await runner.run(sources);
      const failed = report.sources.filter((source) => !source.ok);
      // A failed source fails the job so the queue shows it; the others were still indexed.
      if (failed.length > 0) throw new Error(failed.map((source) => `${source.source}: ${source.error}`).join('; '));
      return report;
    },
    [JobName.Reindex]: () => runner.rebuildIndex(),
  };
}

/** Starts consuming (where this process consumes) and schedules the configured sources. */
export async function startJobs(runtime: Runtime): Promise<void> {
  const { config, consumer, queue } = runtime;
  await consumer?.start(jobHandlers(runtime.runner));
  if (consumer === null || config.SOURCES.length === 0) return;
  const payload = { sources: config.SOURCES };
  if (config.HARVEST_INTERVAL_MINUTES > 0) {
    const timing = { everyMs: config.HARVEST_INTERVAL_MINUTES * 60_000, immediately: config.HARVEST_ON_START };
    await queue.schedule('harvest-sources', JobName.Harvest, payload, timing);
  } else if (config.HARVEST_ON_START) {
    await queue.enqueue(JobName.Harvest, payload, { jobId: 'harvest-sources-on-start' });
  }
}
