import type { Logger } from '@pds/config';
import { emptyCounters, type RunCounters, type RunMode, type RunRecord, type RunStatus } from './run-record';
import type { RunRecordStore } from './run-record-store';

/** A compact view of a run, for job progress (the BullMQ board shows it) and logs. */
export interface RunProgress {
  runId: string;
  sourceId: string;
  mode: RunMode;
  status: RunStatus;
  totals: RunCounters;
}

export type RunProgressCallback = (progress: RunProgress) => Promise<void> | void;

export interface RunProgressWriterOptions {
  store: RunRecordStore;
  logger: Logger;
  /** Reports progress to the job running the run (BullMQ `job.updateProgress`). */
  progress?: RunProgressCallback;
  /** Least time between two writes of a running record; default 1000 ms. */
  flushEveryMs?: number;
}

/**
 * Persists a run's record as it changes, at most once per `flushEveryMs` while it runs (a write
 * per page would double the store's load) and always at the end; each write also logs the
 * progress and reports it to the job. While a run runs, its totals are the sum of its types.
 */
export class RunProgressWriter {
  private readonly flushEveryMs: number;
  private latest: RunRecord | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private finished = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: RunProgressWriterOptions) {
    this.flushEveryMs = options.flushEveryMs ?? 1000;
  }

  /** The record as it stands now; written at once if the last write is old enough, else soon. */
  update(record: RunRecord): void {
    if (this.finished) return;
    this.latest = structuredClone(record);
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlushAt + this.flushEveryMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      // A failed intermediate write is logged and retried at the next update; the run goes on.
      this.flush().catch((error: unknown) => this.options.logger.warn({ runId: record.id, err: error }, 'run record write failed'));
    }, wait);
    this.timer.unref();
  }

  /** Writes the record now (the first one, so admins see the run start). */
  async write(record: RunRecord): Promise<void> {
    this.latest = structuredClone(record);
    await this.flush();
  }

  /** Writes the final record, reports it and logs the outcome; later updates are ignored. */
  async finish(record: RunRecord): Promise<void> {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.write(record);
    const { id: runId, sourceId, status, reason, complete, totals } = record;
    this.options.logger[status === 'failed' ? 'error' : 'info']({ runId, sourceId, status, reason, complete, totals }, 'run finished');
  }

  // Writes are chained, so a slow earlier write never lands after (and over) a later one.
  private flush(): Promise<void> {
    this.lastFlushAt = Date.now();
    const record = this.latest;
    if (!record) return this.writing;
    if (record.status === 'running') record.totals = sumOfTypes(record);
    this.writing = this.writing.catch(() => undefined).then(() => this.persist(record));
    return this.writing;
  }

  private async persist(record: RunRecord): Promise<void> {
    await this.options.store.save(record);
    const { id: runId, sourceId, mode, status, totals } = record;
    const progress: RunProgress = { runId, sourceId, mode, status, totals };
    if (status === 'running') this.options.logger.info(progress, 'run progress');
    await this.options.progress?.(progress);
  }
}

function sumOfTypes(record: RunRecord): RunCounters {
  const totals = emptyCounters();
  for (const counters of Object.values(record.types)) {
    for (const name of Object.keys(totals) as (keyof RunCounters)[]) totals[name] += counters?.[name] ?? 0;
  }
  // Quarantined resources of no known type are counted in the totals only.
  totals.quarantined = Math.max(totals.quarantined, record.totals.quarantined);
  return totals;
}
