/** What ioredis throws when Redis is away: no connection now, or none within its retries. */
const UNAVAILABLE_MESSAGES = [/^Stream isn't writeable/, /^Connection is closed/, /^Reached the max retries per request limit/];

/** Whether a resolver failed only because Redis is away: the caller should retry, nothing is broken. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}
