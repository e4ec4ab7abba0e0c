/** What one logical request cost the source: the harvester adds these to its run records. */
export interface RequestCounters {
  /** HTTP requests sent, redirect hops and retries included. */
  attempts: number;
  /** Attempts repeated after a failure (5xx, 429, 408, timeout, reset, unreadable answer). */
  retries: number;
  /** Answers 429 Too Many Requests. */
  throttled: number;
  /** Body bytes received over all attempts, failed ones included. */
  bytes: number;
}

export function emptyRequestCounters(): RequestCounters {
  return { attempts: 0, retries: 0, throttled: 0, bytes: 0 };
}
