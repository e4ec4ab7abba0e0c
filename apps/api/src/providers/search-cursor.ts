import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { InvalidQueryError, MAX_SEARCH_OFFSET } from '@pds/search';

/**
 * Opaque cursors: the offset after a hit plus a fingerprint of the query, so a cursor can't
 * silently page through a different query than the one that produced it, signed with a server
 * secret so a client can't forge one with an offset of its choosing (which would make the
 * top-k heap as large as the match). The secret is CURSOR_SECRET, or random per process: then a
 * cursor is good only on the replica that issued it, so replicas behind one load balancer must
 * share CURSOR_SECRET.
 */
let secret: Buffer = randomBytes(32);

/** Sets the signing secret (CURSOR_SECRET) at start; cursors signed with the previous one stop working. */
export function useCursorSecret(value: string): void {
  secret = Buffer.from(value, 'utf8');
}

export function queryFingerprint(query: unknown): string {
  return createHash('sha1').update(JSON.stringify(query)).digest('base64url').slice(0, 10);
}

export function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: fingerprint, s: signature(offset, fingerprint) })).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const { o: offset, q, s } = (decoded ?? {}) as { o?: unknown; q?: unknown; s?: unknown };
  const wellFormed = typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 && typeof q === 'string' && typeof s === 'string';
  if (!wellFormed || !sameSignature(s, signature(offset, q))) {
    throw new InvalidQueryError('after', 'not a cursor this API issued; pass a pageInfo.endCursor or edge cursor unchanged');
  }
  if (q !== fingerprint) {
    throw new InvalidQueryError('after', 'this cursor belongs to a different filter or sort; page with the same query that returned it');
  }
  if (offset > MAX_SEARCH_OFFSET) {
    throw new InvalidQueryError('after', `paging stops after the first ${MAX_SEARCH_OFFSET} results; narrow the filter to see the rest`);
  }
  return offset;
}

function signature(offset: number, fingerprint: string): string {
  return createHmac('sha256', secret).update(`${offset}.${fingerprint}`).digest('base64url').slice(0, 22);
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
