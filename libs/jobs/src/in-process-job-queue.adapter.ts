import type { Logger } from '@pds/config';
import { Cron } from 'croner';
import { CRON_MODE } from './cron-pattern';
import { parseJobPayload } from './job-payload.schema';
import {
  type ConsumerEvents,
  type EnqueueOptions,
  type JobConsumer,
  type JobContext,
  type JobHandler,
  type JobHandlers,
  JobName,
  type JobPayloads,
  type JobQueue,
  type LiveJob,
  type ScheduleTiming,
} from './job-types';

// Nothing watches in-process jobs but the logs, which the run reporter already writes.
const IN_PROCESS_CONTEXT: JobContext = { progress: async () => undefined };

/**
 * Runs jobs in this process, one at a time in arrival order, as a single BullMQ worker would.
 * It is both the queue and its consumer: the embedded default needs no Redis. Closing drops the
 * jobs still waiting: nothing outlives the process to run them, and their schedules or the admin
 * trigger them again after a restart.
 */
export class InProcessJobQueue implements JobQueue, JobConsumer {
  private handlers: JobHandlers | null = null;
  private events: ConsumerEvents = {};
  private chain: Promise<void> = Promise.resolve();
  /** Jobs waiting or running, by id. */
  private readonly pending = new Map<string, LiveJob>();
  /** Stops each schedule's timer, by schedulerId. */
  private readonly schedules = new Map<string, () => void>();
  private sequence = 0;
  /** The job under way, which closing lets finish. */
  private running: string | null = null;
  private closing = false;

  constructor(private readonly logger: Logger) {}

  async start(handlers: JobHandlers, events: ConsumerEvents = {}): Promise<void> {
    this.handlers = handlers;
    this.events = events;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string> {
    const jobId = options.jobId ?? `${name}-${++this.sequence}`;
    if (this.closing) {
      this.logger.info({ jobId, job: name }, 'job dropped: the queue is closing');
      return jobId;
    }
    if (this.pending.has(jobId)) return jobId;
    this.pending.set(jobId, { name, payload } as LiveJob);
    this.chain = this.chain.then(() => this.run(jobId, name, payload));
    return jobId;
  }

  async schedule<N extends JobName>(
    schedulerId: string,
    name: N,
    payload: JobPayloads[N],
    timing: ScheduleTiming,
  ): Promise<void> {
    await this.unschedule(schedulerId);
    // One id per schedule: a tick while the previous run still waits or runs is dropped, not piled up.
    const trigger = () => void this.enqueue(name, payload, { jobId: `${schedulerId}-scheduled` });
    if ('pattern' in timing) {
      const cron = new Cron(timing.pattern, { mode: CRON_MODE, unref: true }, trigger);
      this.schedules.set(schedulerId, () => cron.stop());
      return;
    }
    if (timing.immediately) trigger();
    const timer = setInterval(trigger, timing.everyMs);
    timer.unref();
    this.schedules.set(schedulerId, () => clearInterval(timer));
  }

  async unschedule(schedulerId: string): Promise<void> {
    this.schedules.get(schedulerId)?.();
    this.schedules.delete(schedulerId);
  }

  async liveJobs(): Promise<LiveJob[]> {
    return [...this.pending.values()];
  }

  /** Resolves once every job enqueued so far has finished. */
  async idle(): Promise<void> {
    await this.chain;
  }

  /** Stops the schedules, drops the jobs waiting, and resolves once the job under way has finished. */
  async close(): Promise<void> {
    this.closing = true;
    for (const stop of this.schedules.values()) stop();
    this.schedules.clear();
    const waiting = [...this.pending.keys()].filter((jobId) => jobId !== this.running);
    for (const jobId of waiting) this.pending.delete(jobId);
    if (waiting.length > 0) this.logger.info({ dropped: waiting }, 'jobs waiting to start were dropped: the queue is closing');
    await this.chain;
  }

  private async run<N extends JobName>(jobId: string, name: N, payload: JobPayloads[N]): Promise<void> {
    if (this.closing) return;
    this.running = jobId;
    try {
      if (!this.handlers) throw new Error(`no consumer started for job ${name}`);
      const handler = this.handlers[name] as JobHandler<N>;
      await handler(parseJobPayload(name, payload), IN_PROCESS_CONTEXT);
    } catch (error) {
      this.logger.error({ jobId, job: name, err: error }, 'job failed');
      // In process a job has one attempt: a failure is final, told once the job has left the queue.
      this.pending.delete(jobId);
      this.events.gaveUp?.(`job ${jobId} failed: ${(error as Error).message}`);
    } finally {
      this.running = null;
      this.pending.delete(jobId);
    }
  }
}
