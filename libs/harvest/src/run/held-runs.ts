import { type ChangeCounts, type ResourceStore, type StateStore, type StorePass, UnknownPassError } from '@pds/store';
import { type RunRecord, addChanges } from './run-record';
import { writeSyncState } from './sync-state';

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

export interface HeldRunsDeps {
  store: ResourceStore;
  state: StateStore;
  /** Ends a run's record: sums its counters and saves it (the crawler's `finish`). */
  finish(record: RunRecord): Promise<void>;
}

const key = (sourceId: string, runId: string) => `held/${sourceId}/${runId}`;

/**
 * The lifecycle of a full pass held for deleting more than `maxDeleteShare`: held by the run,
 * then confirmed, rejected, or expired (its staged pass dropped) by an admin's decision.
 */
export class HeldRuns {
  constructor(private readonly deps: HeldRunsDeps) {}

  /** Holds the run's staged pass instead of committing it; the record says why and what it would change. */
  async hold(record: RunRecord, pass: StorePass, preview: ChangeCounts, serverStart: string, reason: string): Promise<void> {
    addChanges(record.totals, preview);
    record.status = 'held';
    record.reason = reason;
    await this.deps.state.set(key(record.sourceId, record.id), { record, passId: pass.id, serverStart } satisfies HeldRun);
  }

  /** Commits a held full pass after an admin looked at what it deletes. */
  async confirm(sourceId: string, runId: string): Promise<RunRecord> {
    const held = await this.get(sourceId, runId);
    const pass = await this.stagedPass(held);
    if (!pass) return this.expire(held);
    addChanges(held.record.totals, await pass.commit());
    held.record.status = 'succeeded';
    held.record.reason = `confirmed by an admin after: ${held.record.reason}`;
    await writeSyncState(this.deps.state, sourceId, {
      lastSuccessServerStart: held.serverStart,
      lastCompleteFullAt: new Date().toISOString(),
    });
    return this.decided(held);
  }

  /** Drops a held full pass: the stored resources stay as they were. */
  async reject(sourceId: string, runId: string): Promise<RunRecord> {
    const held = await this.get(sourceId, runId);
    await (await this.stagedPass(held))?.abort();
    held.record.status = 'rejected';
    held.record.reason = `rejected by an admin: ${held.record.reason}`;
    return this.decided(held);
  }

  private async get(sourceId: string, runId: string): Promise<HeldRun> {
    const held = await this.deps.state.get<HeldRun>(key(sourceId, runId));
    if (!held) throw new HeldRunNotFoundError(sourceId, runId);
    return held;
  }

  /** The held run's staged pass, or null once the store dropped it (staged passes expire, 7 days by default). */
  private async stagedPass(held: HeldRun): Promise<StorePass | null> {
    try {
      return await this.deps.store.beginPass(held.record.sourceUrl, held.passId);
    } catch (error) {
      if (error instanceof UnknownPassError) return null;
      throw error;
    }
  }

  /**
   * A held run whose staged pass expired cannot be applied: it ends as failed, nothing is deleted,
   * and the next full run stages (and, if it deletes as much, holds) a fresh pass.
   */
  private expire(held: HeldRun): Promise<RunRecord> {
    held.record.status = 'failed';
    held.record.reason = `its staged pass expired before an admin confirmed it; nothing was deleted and the next full run checks again (held because it ${held.record.reason})`;
    return this.decided(held);
  }

  /** Removed once the decision is carried out, so a crash before it leaves the run held, not lost. */
  private async decided(held: HeldRun): Promise<RunRecord> {
    await this.deps.finish(held.record);
    await this.deps.state.delete(key(held.record.sourceId, held.record.id));
    return held.record;
  }
}
