import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '@pds/config';
import { SEARCH_INDEX, type SearchIndex } from '@pds/search';
import type { Redis } from 'ioredis';
import { bounded } from '../bounded';
import { OPS_REDIS } from '../ops-redis';

const CHECK_TIMEOUT_MS = 1_000;

/**
 * Liveness and readiness for orchestrators, through @nestjs/terminus: live means the process
 * answers; ready means there is an index generation to serve and, where configured, Redis and
 * Meilisearch answer. A failing check answers 503 with each check's reason.
 */
@Controller('health')
export class ReadinessController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(OPS_REDIS) private readonly redis: Redis | null,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const stats = bounded(this.index.stats(), CHECK_TIMEOUT_MS, 'the search index');
    stats.catch(() => undefined);
    return this.health.check([
      () => this.indexCheck(stats),
      ...(this.config.MEILI_URL ? [() => this.meilisearchCheck(stats)] : []),
      ...(this.redis ? [() => this.redisCheck(this.redis!)] : []),
    ]);
  }

  private async indexCheck(stats: Promise<{ documents: number; updatedAt: Date | null }>) {
    const check = this.indicators.check('index');
    try {
      const { documents, updatedAt } = await stats;
      if (!updatedAt) return check.down({ reason: 'no index generation is loaded yet' });
      return check.up({ documents, generation: updatedAt.toISOString() });
    } catch (error) {
      return check.down({ reason: reasonOf(error) });
    }
  }

  private async meilisearchCheck(stats: Promise<unknown>) {
    const check = this.indicators.check('meilisearch');
    return stats.then(
      () => check.up(),
      (error: unknown) => check.down({ reason: reasonOf(error) }),
    );
  }

  private async redisCheck(redis: Redis) {
    const check = this.indicators.check('redis');
    if (redis.status !== 'ready') return check.down({ reason: `not connected (${redis.status})` });
    try {
      await bounded(redis.ping(), CHECK_TIMEOUT_MS, 'Redis');
      return check.up();
    } catch (error) {
      return check.down({ reason: reasonOf(error) });
    }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
