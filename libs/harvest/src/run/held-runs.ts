import type { StateStore } from '@pds/store';
import type { RunRecord } from '../runs/run-record';

/** A full pass that would delete too much, staged until an admin confirms or rejects it. */
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

  async list(): Promise<HeldRun[]> {
    const keys = await this.state.list('held');
    const runs = await Promise.all(keys.map((entry) => this.state.get<HeldRun>(entry)));
    return runs.filter((run): run is HeldRun => run !== null);
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
