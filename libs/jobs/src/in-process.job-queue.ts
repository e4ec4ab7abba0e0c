import type { Logger } from '@pds/config';
import {
  type EnqueueOptions,
  type JobConsumer,
  type JobHandlers,
  JobName,
  type JobPayloads,
  type JobQueue,
  type ScheduleTiming,
} from './job.types';

/**
 * Runs jobs in this process, one at a time in arrival order, as a single BullMQ worker would.
 * It is both the queue and its consumer: the embedded default needs no Redis.
 */
export class InProcessJobQueue implements JobQueue, JobConsumer {
  private handlers: JobHandlers | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly pending = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sequence = 0;

  constructor(private readonly logger: Logger) {}

  async start(handlers: JobHandlers): Promise<void> {
    this.handlers = handlers;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string> {
    const jobId = options.jobId ?? `${name}-${++this.sequence}`;
    if (this.pending.has(jobId)) return jobId;
    this.pending.add(jobId);
    this.chain = this.chain.then(() => this.run(jobId, name, payload));
    return jobId;
  }

  async schedule<N extends JobName>(
    schedulerId: string,
    name: N,
    payload: JobPayloads[N],
    { everyMs, immediately }: ScheduleTiming,
  ): Promise<void> {
    clearInterval(this.timers.get(schedulerId));
    const trigger = () => void this.enqueue(name, payload, { jobId: `${schedulerId}-scheduled` });
    if (immediately) trigger();
    const timer = setInterval(trigger, everyMs);
    timer.unref();
    this.timers.set(schedulerId, timer);
  }

  /** Resolves once every job enqueued so far has finished. */
  async idle(): Promise<void> {
    await this.chain;
  }

  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    await this.chain;
  }

  private async run<N extends JobName>(jobId: string, name: N, payload: JobPayloads[N]): Promise<void> {
    try {
      if (!this.handlers) throw new Error(`no consumer started for job ${name}`);
      const handler = this.handlers[name] as (payload: JobPayloads[N]) => Promise<unknown>;
      await handler(payload);
    } catch (error) {
      this.logger.error({ jobId, job: name, err: error }, 'job failed');
    } finally {
      this.pending.delete(jobId);
    }
  }
}
