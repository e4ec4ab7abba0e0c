import { randomBytes } from 'node:crypto';

/**
 * A run id that sorts by start time: compact ISO 8601 (no colons: they are refused in BullMQ job
 * ids and state keys) plus a short random suffix for runs starting in the same millisecond.
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
