import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@pds/config';
import type { Response } from 'express';
import { matchesAdminKey } from '../../admin/admin-key';
import { ApiMetrics } from './api-metrics';

/** Prometheus scrapes here; with METRICS_TOKEN set, only with `Authorization: Bearer <token>`. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    const token = this.config.METRICS_TOKEN;
    // The same constant-time comparison as the admin key: the answer leaks nothing of the token.
    if (token && !matchesAdminKey(authorization?.replace(/^Bearer /i, ''), token)) {
      throw new UnauthorizedException('/metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
