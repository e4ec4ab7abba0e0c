import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(retry-1))).
 * The jitter keeps many workers from retrying a struggling server in lockstep.
 */
export function fullJitterBackoff(retry: number, baseMs: number, capMs: number): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** (retry - 1));
}

/**
 * Resolves once `Date.now()` has reached `deadline`: timers run on a monotonic clock and may wake
 * a millisecond before the wall clock a server's Retry-After date is measured on.
 */
export async function sleepUntil(deadline: number): Promise<void> {
  for (let left = deadline - Date.now(); left > 0; left = deadline - Date.now()) await sleep(left);
}
