import type { Logger } from '@pds/config';
import { type ConnectionOptions, type Job, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { InvalidJobError, parseJobPayload } from './job-payload.schema';
import {
  type ConsumerEvents,
  type EnqueueOptions,
  type JobConsumer,
  type JobHandler,
  type JobHandlers,
  JobName,
  type JobPayloads,
  type JobQueue,
  type LiveJob,
  type ScheduleTiming,
} from './job-types';

export const QUEUE_NAME = 'directory';

export interface BullmqOptions {
  redisUrl: string;
  /** Namespaces every BullMQ key, so several deployments can share one Redis. */
  prefix: string;
  /**
   * How long a worker's hold on its job lasts unrenewed (it renews at half that), and how often
   * workers look for jobs whose worker died: a killed worker's run resumes within about twice
   * this. Default 30 s; an event loop blocked longer than this makes a live job look dead.
   */
  lockMs?: number;
  /**
   * For a process that only enqueues and must answer its own callers (the API): with Redis away
   * a queue call fails at once instead of waiting for Redis in ioredis's offline queue.
   */
  failFast?: boolean;
}

/**
 * A job whose worker died is run again from its checkpoint, so being cut off is no reason to give
 * up on it; this bounds only a job that kills every worker taking it (say, out of memory).
 */
const MAX_STALLED_RUNS = 5;

function connection(options: BullmqOptions): ConnectionOptions {
  // Workers block on Redis; BullMQ requires maxRetriesPerRequest null for them.
  return { url: options.redisUrl, maxRetriesPerRequest: null };
}

/** A queue (producer) connection; BullMQ waits for it to be ready before its first command. */
function producerConnection(options: BullmqOptions): ConnectionOptions {
  if (!options.failFast) return connection(options);
  return {
    url: options.redisUrl,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // BullMQ's default waits up to 20 s between attempts; the API should see Redis back sooner.
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
}

/** The job queue on Redis: any number of API replicas enqueue, any number of workers consume. */
export class BullmqJobQueue implements JobQueue {
  private readonly queue: Queue;

  constructor(options: BullmqOptions) {
    this.queue = new Queue(QUEUE_NAME, {
      connection: producerConnection(options),
      prefix: options.prefix,
      defaultJobOptions: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 30_000 },
        // A kept job keeps its id taken: a later trigger with the same deterministic id (the admin
        // mutation, the on-start harvest) would be silently dropped. Failures are logged by the worker.
        removeOnComplete: true,
        removeOnFail: true,
      },
    });
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string> {
    const job = await this.queue.add(name, payload, { jobId: options.jobId });
    return job.id ?? options.jobId ?? '';
  }

  async schedule<N extends JobName>(
    schedulerId: string,
    name: N,
    payload: JobPayloads[N],
    timing: ScheduleTiming,
  ): Promise<void> {
    if ('pattern' in timing) {
      await this.queue.upsertJobScheduler(schedulerId, { pattern: timing.pattern }, { name, data: payload });
      return;
    }
    const { everyMs, immediately } = timing;
    // BullMQ ignores `immediately` for `every`: a new scheduler runs at once, a replaced one keeps
    // its next slot (so a restarted worker would not run it). Hence the scheduler always starts one
    // interval ahead, and the run at once is a one-off job whose id dedupes workers starting together.
    const repeat = { every: everyMs, startDate: Date.now() + everyMs };
    await this.queue.upsertJobScheduler(schedulerId, repeat, { name, data: payload });
    if (immediately) await this.enqueue(name, payload, { jobId: `${schedulerId}-immediately` });
  }

  async unschedule(schedulerId: string): Promise<void> {
    // Also removes the scheduler's next delayed job; one already waiting or active still runs.
    await this.queue.removeJobScheduler(schedulerId);
  }

  async liveJobs(): Promise<LiveJob[]> {
    const jobs = await this.queue.getJobs(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);
    // A job removed between listing and reading comes back undefined.
    return jobs.flatMap((job) => (job ? [{ name: job.name, payload: job.data } as LiveJob] : []));
  }

  /** The underlying queue, for the admin dashboard. */
  get bullQueue(): Queue {
    return this.queue;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/** A BullMQ worker dispatching each job to the handler for its name. */
export class BullmqJobConsumer implements JobConsumer {
  private worker: Worker | null = null;
  private events: QueueEvents | null = null;

  constructor(
    private readonly options: BullmqOptions,
    private readonly logger: Logger,
  ) {}

  async start(handlers: JobHandlers, events: ConsumerEvents = {}): Promise<void> {
    const processor = async (job: Job) => {
      let payload: JobPayloads[JobName];
      try {
        payload = parseJobPayload(job.name as JobName, job.data);
      } catch (error) {
        // Fails the job at once: BullMQ retries any other error.
        if (error instanceof InvalidJobError) throw new UnrecoverableError(error.message);
        throw error;
      }
      const handler = handlers[job.name as JobName] as JobHandler<JobName>;
      return handler(payload, { progress: (value) => job.updateProgress(value) });
    };
    this.worker = new Worker(QUEUE_NAME, processor, {
      connection: connection(this.options),
      prefix: this.options.prefix,
      // Harvests are long and memory-heavy; scale with more worker processes, not threads.
      concurrency: 1,
      lockDuration: this.options.lockMs ?? 30_000,
      stalledInterval: this.options.lockMs ?? 30_000,
      maxStalledCount: MAX_STALLED_RUNS,
    });
    this.worker.on('failed', (job, error) => this.logger.error({ jobId: job?.id, job: job?.name, err: error }, 'job failed'));
    this.worker.on('completed', (job) => this.logger.info({ jobId: job.id, job: job.name }, 'job completed'));
    await this.worker.waitUntilReady();
    const { gaveUp } = events;
    if (!gaveUp) return;
    // The queue's event stream, not the worker's own 'failed': a job failed for stalling too often
    // is failed by whichever worker's stall check found it, and only the stream tells everyone.
    // The stream's 'failed' comes once a job is moved to the failed set: after its last attempt.
    this.events = new QueueEvents(QUEUE_NAME, { connection: connection(this.options), prefix: this.options.prefix });
    this.events.on('failed', ({ jobId, failedReason }) => gaveUp(`job ${jobId} failed for good: ${failedReason}`));
    await this.events.waitUntilReady();
  }

  /** Takes no job from the call on (the worker first), and resolves once the job under way has finished. */
  async close(): Promise<void> {
    await this.worker?.close();
    await this.events?.close();
  }
}
