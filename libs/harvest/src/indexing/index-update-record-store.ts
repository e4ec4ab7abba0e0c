import type { StateStore } from '@pds/store';
import type { CatchUpRecord, IndexUpdateRecord, ReindexRecord } from './index-update-record';
import { sourceKeySegment } from './source-index-state';

const REINDEX = 'index-update/reindex';
const CATCH_UPS = 'index-update/catch_up';

/**
 * The last index updates in the StateStore: the last reindex at `index-update/reindex`, and each
 * source's last catch-up at `index-update/catch_up/<source>` (one source's failure is not hidden
 * by the next source's success). Written `running` when an update starts and replaced when it
 * ends, so every process (the API answering `indexStatus`, a worker, the metrics scrape) reads
 * the same.
 */
export class IndexUpdateRecordStore {
  constructor(private readonly state: StateStore) {}

  lastReindex(): Promise<ReindexRecord | null> {
    return this.state.get<ReindexRecord>(REINDEX);
  }

  /** Each source's last catch-up, newest first. */
  async catchUps(): Promise<CatchUpRecord[]> {
    const records = await Promise.all((await this.state.list(`${CATCH_UPS}/`)).map((key) => this.state.get<CatchUpRecord>(key)));
    return records.flatMap((record) => (record ? [record] : [])).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  save(record: IndexUpdateRecord): Promise<void> {
    return this.state.set(record.kind === 'reindex' ? REINDEX : catchUpKey(record.source), record);
  }

  /** Drops a source's catch-up record (the source is no longer stored). */
  forget(source: string): Promise<void> {
    return this.state.delete(catchUpKey(source));
  }

  /**
   * Marks the last reindex failed with `reason` when it is still the `running` one read as `id`
   * (its process stopped: nothing will finish it). Returns whether it did.
   */
  async failInterruptedReindex(id: string, reason: string): Promise<boolean> {
    const record = await this.lastReindex();
    if (record?.id !== id || record.status !== 'running') return false;
    await this.save({ ...record, status: 'failed', finishedAt: new Date().toISOString(), reason });
    return true;
  }
}

const catchUpKey = (source: string) => `${CATCH_UPS}/${sourceKeySegment(source)}`;
