import { timingSafeEqual } from 'node:crypto';

/** Whether `given` is the admin key, compared in constant time so the answer leaks nothing of the key. */
export function matchesAdminKey(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of the guess.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}
