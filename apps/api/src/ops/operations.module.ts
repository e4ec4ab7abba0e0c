import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
  RequestMethod,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Runtime } from '@pds/runtime';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { ReadinessController } from './health/readiness.controller';
import { ApiMetrics } from './metrics/api-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { OPS_REDIS, opsRedis } from './ops-redis';
import { rateLimitMiddleware } from './rate-limit/rate-limit.middleware';
import { RequestLimiter } from './rate-limit/request-limiter';

const RATE_LIMIT = Symbol('RateLimitMiddleware');

/** What running the API in public needs: per-client rate limits, /metrics, /health/live and /health/ready. */
export interface Operations {
  /** The runtime to serve from: its index is timed for /metrics. */
  runtime: Runtime;
  module: DynamicModule;
  /** Apollo plugins: the per-operation latency histogram. */
  plugins: ReturnType<ApiMetrics['graphql']['plugin']>[];
}

@Module({})
export class OperationsModule implements NestModule, OnApplicationShutdown {
  constructor(
    @Inject(RATE_LIMIT) private readonly rateLimit: RequestHandler | null,
    @Inject(OPS_REDIS) private readonly redis: Redis | null,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    if (this.rateLimit) consumer.apply(this.rateLimit).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  static create(runtime: Runtime): Operations {
    const { config, logger } = runtime;
    const metrics = new ApiMetrics(runtime);
    const redis: Redis | null = config.REDIS_URL ? opsRedis(config.REDIS_URL, logger) : null;
    const rateLimit =
      config.RATE_LIMIT === 'on' ? rateLimitMiddleware(config, new RequestLimiter(config, redis, logger), metrics.graphql) : null;
    const module: DynamicModule = {
      module: OperationsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [MetricsController, ReadinessController],
      providers: [
        { provide: ApiMetrics, useValue: metrics },
        { provide: OPS_REDIS, useValue: redis },
        { provide: RATE_LIMIT, useValue: rateLimit },
      ],
    };
    return {
      runtime: metrics.instrument(runtime),
      module,
      plugins: [metrics.graphql.plugin()],
    };
  }
}
