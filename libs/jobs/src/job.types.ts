/** Every background job the service runs. */
export enum JobName {
  /** Harvest the given sources, then rebuild the index once. */
  Harvest = 'harvest',
  /** Rebuild the index from the stored resources without fetching anything. */
  Reindex = 'reindex',
}

export interface JobPayloads {
  [JobName.Harvest]: { sources: string[] };
  [JobName.Reindex]: Record<string, never>;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N]) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface EnqueueOptions {
  /** Deterministic id (no colons, as BullMQ requires): a trigger for work already waiting or running is a no-op. */
  jobId?: string;
}

export interface ScheduleTiming {
  everyMs: number;
  immediately: boolean;
}

/** The job queue port. Adapters: BullMQ (with REDIS_URL) and in-process (embedded). */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<string>;
  /** Runs the job every `everyMs` (and at once if `immediately`); the same `schedulerId` replaces an earlier schedule. */
  schedule<N extends JobName>(schedulerId: string, name: N, payload: JobPayloads[N], timing: ScheduleTiming): Promise<void>;
  close(): Promise<void>;
}

/** Consumes jobs with one handler per job name. */
export interface JobConsumer {
  start(handlers: JobHandlers): Promise<void>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JobQueue');
