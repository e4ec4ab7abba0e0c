/**
 * The IETF RateLimit fields as draft-ietf-httpapi-ratelimit-headers-11 writes them: a policy
 * named by a quoted string, `q` quota units per `w` seconds; `r` remaining and `t` seconds until
 * the window resets.
 */
const POLICY = '"default"';

export function rateLimitPolicy(points: number, windowSeconds: number): string {
  return `${POLICY};q=${points};w=${windowSeconds}`;
}

export function rateLimitState(remaining: number, resetSeconds: number): string {
  return `${POLICY};r=${Math.max(0, remaining)};t=${resetSeconds}`;
}
