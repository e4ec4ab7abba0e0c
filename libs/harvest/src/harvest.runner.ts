import type { Logger } from '@pds/config';
import type { HarvestRunReport, SourceHarvestReport } from './harvest-report';
import type { IndexRebuilder } from './index.rebuilder';
import type { SourceHarvester } from './source.harvester';
import { normalizeSourceUrl } from './source-url';

/**
 * Harvests sources one after another, then rebuilds the index once if any source changed.
 * A failed source keeps its previously stored resources, so the rebuild still serves them.
 */
export class HarvestRunner {
  constructor(
    private readonly harvester: SourceHarvester,
    private readonly rebuilder: IndexRebuilder,
    private readonly logger: Logger,
  ) {}

  async harvestSource(source: string): Promise<SourceHarvestReport> {
    const sourceUrl = normalizeSourceUrl(source);
    this.logger.info({ source: sourceUrl }, 'harvest started');
    const report = await this.harvester.harvest(sourceUrl);
    if (report.ok) this.logger.info({ source: sourceUrl, seconds: report.seconds, types: report.types }, 'harvest done');
    else this.logger.error({ source: sourceUrl, error: report.error }, 'harvest failed');
    return report;
  }

  async rebuildIndex(): Promise<number> {
    const documents = await this.rebuilder.rebuild();
    this.logger.info({ documents }, 'index rebuilt');
    return documents;
  }

  async run(sources: string[]): Promise<HarvestRunReport> {
    const started = performance.now();
    const urls = sources.map(normalizeSourceUrl);
    const reports: SourceHarvestReport[] = [];
    for (const url of urls) reports.push(await this.harvestSource(url));
    const anyHarvested = reports.some((report) => report.ok);
    const documentsIndexed = anyHarvested ? await this.rebuildIndex() : null;
    return { sources: reports, documentsIndexed, seconds: (performance.now() - started) / 1000 };
  }
}
