/** Every background job the service runs. */
export enum JobName {
  /** Harvest the given source URLs, then rebuild the index once (the CLI, SOURCES and `harvest(sources)`). */
  Harvest = 'harvest',
  /** Run one registered source with its own settings (admin trigger or its cron schedule). */
  HarvestSource = 'harvest-source',
  /** Rebuild the index from the stored resources without fetching anything. */
  Reindex = 'reindex',
  /** Apply a held run's deletions, as an admin confirmed. */
  ConfirmHeldRun = 'confirm-held-run',
  /** Drop a held run's deletions, as an admin decided. */
  RejectHeldRun = 'reject-held-run',
}

export type HarvestMode = 'full' | 'incremental';

export interface HeldRunRef {
  sourceId: string;
  runId: string;
}

export interface JobPayloads {
  [JobName.Harvest]: { sources: string[] };
  /** Without `mode` the harvester picks: full when the last complete full pass is too old, else incremental. */
  [JobName.HarvestSource]: { sourceId: string; mode?: HarvestMode };
  [JobName.Reindex]: Record<string, never>;
  [JobName.ConfirmHeldRun]: HeldRunRef;
  [JobName.RejectHeldRun]: HeldRunRef;
}

/** What a handler may tell the queue while it runs. */
export interface JobContext {
  /** Reports progress (shown on the BullMQ board); a no-op in process. */
  progress(value: object): Promise<void>;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], context: JobContext) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface EnqueueOptions {
  /** Deterministic id (no colons, as BullMQ requires): a trigger for work already waiting or running is a no-op. */
  jobId?: string;
}

/** Every `everyMs` (and at once if `immediately`). */
export interface IntervalTiming {
  everyMs: number;
  immediately: boolean;
}

/** On a cron pattern: 5 fields, or 6 with seconds first; server-local time. */
export interface CronTiming {
  pattern: string;
}

export type ScheduleTiming = IntervalTiming | CronTiming;

/** A job waiting, delayed, or running: a run whose source no live job names has nobody to finish it. */
export type LiveJob = { [N in JobName]: { name: N; payload: JobPayloads[N] } }[JobName];

/** The job queue port. Adapters: BullMQ (with REDIS_URL) and in-process (embedded). */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<string>;
  /** Runs the job on the timing; the same `schedulerId` replaces an earlier schedule. */
  schedule<N extends JobName>(schedulerId: string, name: N, payload: JobPayloads[N], timing: ScheduleTiming): Promise<void>;
  /** Stops a schedule; a run already queued or under way is not cancelled. Unknown ids are a no-op. */
  unschedule(schedulerId: string): Promise<void>;
  /** Jobs waiting, delayed (a retry's backoff) or running, in any process consuming this queue. */
  liveJobs(): Promise<LiveJob[]>;
  close(): Promise<void>;
}

/** What a consumer tells beyond each job's handler. */
export interface ConsumerEvents {
  /**
   * A job failed for good: its last attempt failed, or its workers died too often (BullMQ's
   * stalled limit). It is gone from the queue, and nothing will retry it.
   */
  gaveUp?(reason: string): void;
}

/** Consumes jobs with one handler per job name. */
export interface JobConsumer {
  start(handlers: JobHandlers, events?: ConsumerEvents): Promise<void>;
  /**
   * Takes no job from the call on and resolves once the job under way has finished. Jobs still
   * waiting stay in BullMQ for another worker; in process they are dropped.
   */
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JobQueue');
