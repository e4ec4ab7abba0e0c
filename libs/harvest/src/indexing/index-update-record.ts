import type { CatchUpStats, RebuildStats } from './index-updater';

/** The two kinds of index update: the whole-index rebuild (`reindex` job) and a source's catch-up after a run. */
export type IndexUpdateKind = 'reindex' | 'catch_up';

export type IndexUpdateStatus = 'running' | 'succeeded' | 'failed';

interface IndexUpdateBase {
  /** Random per update: a sweep overwrites only the update it read, not a newer one. */
  id: string;
  status: IndexUpdateStatus;
  /** ISO 8601. A `running` record with an old start was most likely left by a process that died. */
  startedAt: string;
  finishedAt: string | null;
  /** Why it failed: the error's message (e.g. the ENOSPC text), or that its process stopped. */
  reason: string | null;
}

export interface ReindexRecord extends IndexUpdateBase {
  kind: 'reindex';
  /** What it did, once it succeeded. */
  stats: RebuildStats | null;
}

export interface CatchUpRecord extends IndexUpdateBase {
  kind: 'catch_up';
  /** The source key (base URL or directory) whose journal was applied. */
  source: string;
  /** The source's registry id (or ad-hoc id) its documents are scoped to. */
  sourceId: string;
  stats: CatchUpStats | null;
}

/** An index update as the StateStore keeps it: the last reindex, and each source's last catch-up. */
export type IndexUpdateRecord = ReindexRecord | CatchUpRecord;
