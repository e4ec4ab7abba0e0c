import type { StateStore } from '@pds/store';
import type { RunRecord } from '../runs/run-record';

/**
 * The staged pass behind a held run, until an admin confirms or rejects it. Which runs are held
 * is the run-record store's to list (`RunRecordStore.held`); this keeps only what carrying out
 * the decision needs.
 */
export interface HeldRun {
  record: RunRecord;
  passId: string;
  serverStart: string;
}

export class HeldRunNotFoundError extends Error {
  constructor(sourceId: string, runId: string) {
    super(`no held run ${runId} for source ${sourceId}; list held runs to see which wait for a decision`);
    this.name = 'HeldRunNotFoundError';
  }
}

const key = (sourceId: string, runId: string) => `held/${sourceId}/${runId}`;

export class HeldRuns {
  constructor(private readonly state: StateStore) {}

  save(held: HeldRun): Promise<void> {
    return this.state.set(key(held.record.sourceId, held.record.id), held);
  }

  async get(sourceId: string, runId: string): Promise<HeldRun> {
    const held = await this.state.get<HeldRun>(key(sourceId, runId));
    if (!held) throw new HeldRunNotFoundError(sourceId, runId);
    return held;
  }

  /** Called once the decision is carried out, so a crash before it leaves the run held, not lost. */
  remove(held: HeldRun): Promise<void> {
    return this.state.delete(key(held.record.sourceId, held.record.id));
  }
}
