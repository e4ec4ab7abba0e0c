import { type FhirClient, PLAN_NET_TYPES } from '@pds/fhir';
import type { ResourceStore } from '@pds/store';
import type { SourceHarvestReport } from './harvest-report';
import { TypeCrawler } from './type-crawler';

/**
 * A full pass over one source: all eight Plan-Net types into a store pass that replaces the
 * source's stored resources only when every type was crawled to its end.
 */
export class SourceHarvester {
  constructor(
    private readonly store: ResourceStore,
    private readonly client: FhirClient,
    private readonly pageSize: number,
  ) {}

  async harvest(sourceUrl: string): Promise<SourceHarvestReport> {
    const started = performance.now();
    const report: SourceHarvestReport = { source: sourceUrl, ok: false, error: null, types: {}, seconds: 0 };
    const crawler = new TypeCrawler(this.client, sourceUrl, this.pageSize);
    const pass = await this.store.beginPass(sourceUrl);
    try {
      for (const type of PLAN_NET_TYPES) {
        report.types[type] = await crawler.crawl(type, pass);
      }
      await pass.commit();
      report.ok = true;
    } catch (error) {
      await pass.abort();
      report.error = (error as Error).message;
    }
    report.seconds = (performance.now() - started) / 1000;
    return report;
  }
}
