import type { PlanNetType } from '@pds/fhir';
import type { ChangeCounts } from '@pds/store';
import type { SourceCapabilities } from './source-probe';

export type RunMode = 'full' | 'incremental' | 'history' | 'export';

/**
 * `abandoned`: its process died and the queue gave up on its job (or the job is gone); its
 * checkpoint stays, so the source's next run resumes where it stopped.
 */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'held' | 'rejected' | 'abandoned';

/** Counters of one type in one run (or, summed, of the whole run). */
export interface RunCounters {
  requests: number;
  pages: number;
  resources: number;
  bytes: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  retries: number;
  /** Answers 429 Too Many Requests. */
  throttled: number;
  errors: number;
  quarantined: number;
  /** Kept after their JSON types were repaired (a number where FHIR wants a string, ...). */
  repaired: number;
  seconds: number;
}

export interface TypeRunRecord extends RunCounters {
  /** Reached its last page with no cap, cycle or refused link, and fetched >= Bundle.total. */
  complete: boolean;
  /** `Bundle.total` of the first page, when the server gave one. */
  serverTotal: number | null;
  /** Times a `next` link had expired (410, or 404 with an OperationOutcome) and the type was crawled again from its first page. */
  cursorExpired: number;
  /** What the server answered to the last expired link, and where; null when none expired. */
  cursorExpiredReason: string | null;
}

export interface QuarantinedResource {
  type: string;
  id: string | null;
  reason: string;
}

/** A resource kept after repairs, with what was repaired and why. */
export interface RepairedResource {
  type: string;
  id: string;
  reasons: string[];
}

/** One run of one source: what it fetched, changed and why it ended as it did. */
export interface RunRecord {
  id: string;
  sourceId: string;
  sourceUrl: string;
  mode: RunMode;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Why the run failed, is held or was abandoned; the plan's reason while it runs or once it succeeded. */
  reason: string | null;
  /** Every type complete: only then may a full run delete what it did not see. */
  complete: boolean;
  types: Partial<Record<PlanNetType, TypeRunRecord>>;
  totals: RunCounters;
  /** What the probe before the run found (methods, clock, page size); null for a local directory. */
  probe: SourceCapabilities | null;
  /** Requests per stored resource: the cost of the run for the payer. */
  requestsPerResource: number;
  /** The first quarantined resources, with reasons (all are counted in `quarantined`). */
  quarantine: QuarantinedResource[];
  /** The first repaired resources of each type, with reasons (all are counted in `repaired`). */
  repairs: RepairedResource[];
}

export function emptyCounters(): RunCounters {
  return {
    requests: 0,
    pages: 0,
    resources: 0,
    bytes: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    retries: 0,
    throttled: 0,
    errors: 0,
    quarantined: 0,
    repaired: 0,
    seconds: 0,
  };
}

/** Sets the run's change totals to what its store pass changed (or, previewed, would change). */
export function addChanges(totals: RunCounters, changes: ChangeCounts): void {
  totals.added = changes.added;
  totals.updated = changes.updated;
  totals.unchanged = changes.unchanged;
  totals.deleted = changes.deleted;
}

/**
 * A record written before repairs and expired cursors were counted (a stored run, a checkpoint
 * resumed after an upgrade) reads as none repaired and none expired.
 */
export function withRepairCounts(record: RunRecord): RunRecord {
  record.repairs ??= [];
  record.totals.repaired ??= 0;
  for (const counters of Object.values(record.types)) {
    if (!counters) continue;
    counters.repaired ??= 0;
    counters.cursorExpired ??= 0;
    counters.cursorExpiredReason ??= null;
  }
  return record;
}
