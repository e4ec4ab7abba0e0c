import { createHash } from 'node:crypto';
import { userInputError } from './user-input.error';

/**
 * Opaque cursors: the offset after a hit plus a fingerprint of the query, so a cursor can't
 * silently page through a different query than the one that produced it.
 */
export function queryFingerprint(query: unknown): string {
  return createHash('sha1').update(JSON.stringify(query)).digest('base64url').slice(0, 10);
}

export function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: fingerprint })).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const { o: offset, q } = (decoded ?? {}) as { o?: unknown; q?: unknown };
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || typeof q !== 'string') {
    throw userInputError('after: not a cursor this API issued; pass a pageInfo.endCursor or edge cursor unchanged');
  }
  if (q !== fingerprint) {
    throw userInputError('after: this cursor belongs to a different filter or sort; page with the same query that returned it');
  }
  return offset;
}
