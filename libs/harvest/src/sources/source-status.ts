/** What the harvester knows about a source between runs; kept apart from its settings so edits never reset it. */
export interface SourceStatus {
  /** A paused source is neither scheduled nor harvested until an admin resumes it. */
  paused: boolean;
  /** Why it paused (the failure count and the last run's reason); null when not paused. */
  pausedReason: string | null;
  /** Failed runs since the last successful one. */
  consecutiveFailures: number;
  lastRunId: string | null;
  /** `finishedAt` of the last full run that reached every type's last page. */
  lastCompleteFullAt: string | null;
}

export function initialSourceStatus(): SourceStatus {
  return { paused: false, pausedReason: null, consecutiveFailures: 0, lastRunId: null, lastCompleteFullAt: null };
}
