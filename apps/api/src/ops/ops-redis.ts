import type { Logger } from '@pds/config';
import { Redis } from 'ioredis';

export const OPS_REDIS = Symbol('OpsRedis');

/**
 * The API's own Redis connection for rate-limit budgets and the readiness probe. With no offline
 * queue a command fails at once while Redis is away (the limiter fails open, readiness says
 * down) instead of waiting; it reconnects on its own, every 2 s at most.
 */
export function opsRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let down = false;
  redis.on('error', (error) => {
    if (!down) logger.warn({ err: error }, 'redis unavailable');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis available again');
    down = false;
  });
  return redis;
}
