import type { StateStore } from '@pds/store';
import { type RunRecord, withRepairCounts } from './run-record';

const RUNS = 'runs';
const HELD = 'held-runs';

interface HeldRunRef {
  sourceId: string;
  runId: string;
}

/**
 * Run records in the StateStore at `runs/<sourceId>/<runId>`; run ids sort by start time, so key
 * order is age order. A marker under `held-runs/` per held run lists them without reading every run.
 */
export class RunRecordStore {
  constructor(private readonly state: StateStore) {}

  /** Creates or replaces a record, and keeps the held-run markers in step with its status. */
  async save(record: RunRecord): Promise<void> {
    await this.state.set(runKey(record.sourceId, record.id), record);
    const marker = `${HELD}/${record.sourceId}/${record.id}`;
    if (record.status === 'held') await this.state.set<HeldRunRef>(marker, { sourceId: record.sourceId, runId: record.id });
    else await this.state.delete(marker);
  }

  /** The record; null also for ids that cannot name one (an admin's typo is not a server error). */
  async get(sourceId: string, runId: string): Promise<RunRecord | null> {
    if (!isSegment(sourceId) || !isSegment(runId)) return null;
    const record = await this.state.get<RunRecord>(runKey(sourceId, runId));
    return record && withRepairCounts(record);
  }

  /** The source's `first` most recent runs, newest first. */
  async latest(sourceId: string, first: number): Promise<RunRecord[]> {
    if (!isSegment(sourceId)) return [];
    const keys = await this.state.list(`${RUNS}/${sourceId}/`);
    return this.read(keys.slice(-first).reverse());
  }

  /** Every run waiting for an admin to confirm or reject its deletions, oldest first. */
  async held(): Promise<RunRecord[]> {
    const refs = await Promise.all((await this.state.list(`${HELD}/`)).map((key) => this.state.get<HeldRunRef>(key)));
    const runs = await this.read(refs.flatMap((ref) => (ref ? [runKey(ref.sourceId, ref.runId)] : [])));
    return runs.filter((run) => run.status === 'held').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  private async read(keys: string[]): Promise<RunRecord[]> {
    const records = await Promise.all(keys.map((key) => this.state.get<RunRecord>(key)));
    return records.flatMap((record) => (record ? [withRepairCounts(record)] : []));
  }
}

const isSegment = (id: string) => /^[A-Za-z0-9_.~%-]+$/.test(id) && id !== '.' && id !== '..';
const runKey = (sourceId: string, runId: string) => `${RUNS}/${sourceId}/${runId}`;
