import type { PlanNetType } from '@pds/fhir';
import type { StateStore } from '@pds/store';
import { type RunRecord, withRepairCounts } from './run-record';
import type { TypeCrawlPosition } from '../crawl/type-crawler';
import type { RunPlan } from './run-planner';

/**
 * Everything needed to resume a run after its process died: saved after every page, deleted
 * when the run ends. Pages are idempotent writes, so re-fetching the page in flight is harmless.
 */
export interface RunCheckpoint {
  record: RunRecord;
  plan: RunPlan;
  /** The staged store pass of a full run. */
  passId: string | null;
  /** Server clock at the run's start: the next incremental window starts here. */
  serverStart: string;
  positions: Partial<Record<PlanNetType, TypeCrawlPosition & { done: boolean }>>;
}

const key = (sourceId: string) => `checkpoints/${sourceId}`;

export class RunCheckpoints {
  constructor(private readonly state: StateStore) {}

  async get(sourceId: string): Promise<RunCheckpoint | null> {
    const checkpoint = await this.state.get<RunCheckpoint>(key(sourceId));
    if (checkpoint) withRepairCounts(checkpoint.record);
    return checkpoint;
  }

  save(checkpoint: RunCheckpoint): Promise<void> {
    return this.state.set(key(checkpoint.record.sourceId), checkpoint);
  }

  clear(sourceId: string): Promise<void> {
    return this.state.delete(key(sourceId));
  }

  /** Sources with a run to resume, e.g. after a restart. */
  async pending(): Promise<string[]> {
    return (await this.state.list('checkpoints')).map((entry) => entry.slice('checkpoints/'.length));
  }
}
