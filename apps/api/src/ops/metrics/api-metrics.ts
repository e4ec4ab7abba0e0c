import { BullmqJobQueue } from '@pds/jobs';
import type { Runtime } from '@pds/runtime';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { bounded } from '../bounded';
import { GraphQLMetrics } from './graphql-metrics';
import { registerHarvestMetrics } from './harvest-metrics';
import { registerIndexUpdateMetrics } from './index-update-metrics';
import { TimedSearchIndex } from './timed-search-index.adapter';

const READ_TIMEOUT_MS = 2_000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;

/** Everything /metrics exports, in a registry of its own. README's "Metrics" table lists the names. */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly graphql = new GraphQLMetrics(this.registry);

  constructor(runtime: Pick<Runtime, 'index' | 'queue' | 'state' | 'runs' | 'indexUpdates'>) {
    collectDefaultMetrics({ register: this.registry });
    const { index, queue } = runtime;
    const stats = () => bounded(index.stats(), READ_TIMEOUT_MS, 'the search index');
    this.gauge('pds_index_documents', 'Documents in the served index', async (g) => g.set((await stats()).documents));
    this.gauge('pds_index_generation_timestamp_seconds', 'When the served index generation was committed', async (g) => {
      const { updatedAt } = await stats();
      if (updatedAt) g.set(updatedAt.getTime() / 1000);
    });
    if (queue instanceof BullmqJobQueue) {
      this.gauge('pds_queue_jobs', 'BullMQ jobs by state', async (g) => {
        const counts = await bounded(queue.bullQueue.getJobCounts(...QUEUE_STATES), READ_TIMEOUT_MS, 'the job queue');
        for (const state of QUEUE_STATES) g.set({ state }, counts[state] ?? 0);
      }, ['state']);
    }
    registerHarvestMetrics(this.registry, runtime.state, runtime.runs);
    registerIndexUpdateMetrics(this.registry, runtime.indexUpdates);
  }

  /** The runtime with its index timed: what the API serves searches from. */
  instrument(runtime: Runtime): Runtime {
    return { ...runtime, index: new TimedSearchIndex(runtime.index, this.registry) };
  }

  private gauge(name: string, help: string, fill: (gauge: Gauge) => Promise<void>, labelNames: string[] = []): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        // A backend that does not answer leaves its series out; the rest of the scrape still answers.
        await fill(this).catch(() => undefined);
      },
    });
  }
}
