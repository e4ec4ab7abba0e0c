import { MAX_SEARCH_OFFSET } from '@pds/search';
import { decodeCursor, encodeCursor, queryFingerprint, useCursorSecret } from './search-cursor';

const fingerprint = queryFingerprint({ filters: { languages: ['es'] }, sort: 'relevance' });
const forge = (fields: object) => Buffer.from(JSON.stringify(fields)).toString('base64url');

describe('search cursors', () => {
  it('round-trips the offset of a cursor this API issued', () => {
    expect(decodeCursor(encodeCursor(40, fingerprint), fingerprint)).toBe(40);
  });

  it.each([
    ['an unsigned cursor with an offset of its choosing', forge({ o: 5_000, q: fingerprint })],
    ['a cursor whose offset was changed after signing', forge({ ...JSON.parse(Buffer.from(encodeCursor(20, fingerprint), 'base64url').toString()), o: 9_999 })],
    ['a cursor with a made-up signature', forge({ o: 20, q: fingerprint, s: 'A'.repeat(22) })],
  ])('refuses %s', (_what, cursor) => {
    expect(() => decodeCursor(cursor, fingerprint)).toThrow('after: not a cursor this API issued');
  });

  it('refuses, once the secret changed, cursors signed with the old one (replicas must share CURSOR_SECRET)', () => {
    useCursorSecret('replica-a-secret-0123456789abcdef0123');
    const fromA = encodeCursor(20, fingerprint);
    useCursorSecret('replica-b-secret-0123456789abcdef0123');

    expect(() => decodeCursor(fromA, fingerprint)).toThrow('not a cursor this API issued');
    useCursorSecret('replica-a-secret-0123456789abcdef0123');
    expect(decodeCursor(fromA, fingerprint)).toBe(20);
  });

  it('refuses a signed cursor past the deepest page served', () => {
    expect(() => decodeCursor(encodeCursor(MAX_SEARCH_OFFSET + 1, fingerprint), fingerprint)).toThrow(
      `after: paging stops after the first ${MAX_SEARCH_OFFSET} results; narrow the filter to see the rest`,
    );
  });
});
