import type { AppConfig, Logger } from '@pds/config';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export type LimitDecision =
  | { outcome: 'allowed' | 'refused'; remaining: number; resetSeconds: number }
  /** The budget store did not answer: the request is served unmetered. */
  | { outcome: 'unmetered' };

/** How often a down budget store is logged while requests keep failing open. */
const LOG_EVERY_MS = 30_000;

/**
 * A budget of RATE_LIMIT_POINTS requests per RATE_LIMIT_WINDOW_SECONDS per client, through
 * rate-limiter-flexible: in Redis when REDIS_URL is set, so every API replica spends one shared
 * budget, else in this process's memory. rate-limiter-flexible counts fixed windows (it has no
 * token bucket); a window is exactly what the RateLimit fields' `q`/`w` and `r`/`t` describe.
 */
export class RequestLimiter {
  private readonly limiter: RateLimiterAbstract;
  private lastLoggedAt = 0;

  constructor(
    config: AppConfig,
    redis: Redis | null,
    private readonly logger: Logger,
  ) {
    const options = { points: config.RATE_LIMIT_POINTS, duration: config.RATE_LIMIT_WINDOW_SECONDS };
    this.limiter = redis
      ? new RateLimiterRedis({ ...options, storeClient: redis, keyPrefix: `${config.REDIS_PREFIX}:rate-limit` })
      : new RateLimiterMemory(options);
  }

  async consume(client: string): Promise<LimitDecision> {
    try {
      return { outcome: 'allowed', ...state(await this.limiter.consume(client)) };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { outcome: 'refused', ...state(error) };
      // Failing open: losing the limit for a while beats refusing every search while Redis is away.
      if (Date.now() - this.lastLoggedAt > LOG_EVERY_MS) {
        this.lastLoggedAt = Date.now();
        this.logger.warn({ err: error }, 'rate limit store unavailable: serving requests unmetered');
      }
      return { outcome: 'unmetered' };
    }
  }
}

function state(result: RateLimiterRes): { remaining: number; resetSeconds: number } {
  return { remaining: result.remainingPoints, resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
}
