import type { RunMode } from './run-record';
import type { SourceCapabilities } from './source-probe';

export interface RunPlan {
  mode: RunMode;
  /** Lower bound of an incremental window (server clock, overlap already subtracted); null for full. */
  since: string | null;
  /** Why this mode: shown in run records and logs. */
  reason: string;
}

export interface PlanInput {
  requested: 'full' | 'incremental' | null;
  capabilities: SourceCapabilities;
  /** Server-clock start of the last run that succeeded (any mode); null before the first. */
  lastSuccessServerStart: string | null;
  /** When the last complete full pass finished; null before the first. */
  lastCompleteFullAt: string | null;
  fullEveryDays: number;
  now: Date;
  /** Subtracted from the window start so records stamped during the last run are not missed. */
  overlapMs: number;
}

/**
 * Full when asked, when there is no previous success to be incremental from, or when the last
 * complete full pass is too old (only a full pass finds deletions on servers without history).
 * Otherwise incremental by the best method the server supports: `_history` (sees deletions),
 * then bulk `$export` with `_since`, then `_lastUpdated` windows.
 */
export function planRun(input: PlanInput): RunPlan {
  const { capabilities } = input;
  if (input.requested === 'full') return full('a full run was asked for');
  if (!input.lastSuccessServerStart || !input.lastCompleteFullAt) return full('no complete full pass yet');
  const ageDays = (input.now.getTime() - Date.parse(input.lastCompleteFullAt)) / 86_400_000;
  if (ageDays >= input.fullEveryDays && input.requested !== 'incremental') {
    return full(`the last complete full pass is ${ageDays.toFixed(1)} days old (full every ${input.fullEveryDays})`);
  }
  const since = new Date(Date.parse(input.lastSuccessServerStart) - input.overlapMs).toISOString();
  if (capabilities.history) return { mode: 'history', since, reason: 'the server supports _history' };
  if (capabilities.export) return { mode: 'export', since, reason: 'the server supports $export with _since' };
  if (capabilities.lastUpdated) return { mode: 'incremental', since, reason: 'the server supports _lastUpdated' };
  return full('the server supports no incremental method (_history, $export, _lastUpdated)');
}

function full(reason: string): RunPlan {
  return { mode: 'full', since: null, reason };
}
