import { Controller, Get, Inject } from '@nestjs/common';
import { SEARCH_INDEX, type SearchIndex } from '@pds/search';

/** For load balancers and compose health checks: up, and how much it serves. */
@Controller('health')
export class HealthController {
  constructor(@Inject(SEARCH_INDEX) private readonly index: SearchIndex) {}

  @Get()
  async health(): Promise<{ status: 'ok'; documents: number }> {
    const { documents } = await this.index.stats();
    return { status: 'ok', documents };
  }
}
