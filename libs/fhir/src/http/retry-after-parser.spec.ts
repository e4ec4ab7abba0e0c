import { parseRetryAfter } from './retry-after-parser';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-10-21T07:28:00Z');

  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 21 Oct 2026 07:28:30 GMT', 30_000],
    ['Wednesday, 21-Oct-26 07:29:00 GMT', 60_000], // RFC 850, still seen in the wild
    ['Wed, 21 Oct 2026 07:27:00 GMT', 0], // a date in the past: now
  ])('reads %j as %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([null, '', 'soon', '-5', '1.5', '2026-10-21T07:29:00Z'])('gives null for %j, so the caller backs off', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});
