import type { Logger } from '@pds/config';
import type { SearchIndex } from '@pds/search';
import type { CatchUpStats, IndexUpdater, RebuildStats } from '../indexing/index-updater';
import type { RunRecord } from './run-record';
import type { RunCrawler } from './run-crawler';
import { type AdHocDefaults, adHocSettings } from './ad-hoc-settings';
import type { SourceSettings } from '../sources/source-settings';

export interface RunResult {
  record: RunRecord;
  /** How the index caught up with the run's changes; null when the run changed nothing live. */
  index: CatchUpStats | null;
}

export interface HarvestRunReport {
  runs: RunRecord[];
  /** How the index caught up after each run that succeeded, in the order of `runs`. */
  indexUpdates: CatchUpStats[];
  /** Documents served after the run. */
  documentsIndexed: number;
  seconds: number;
}

/**
 * A run of a source followed by the index catching up with what it changed: the unit every
 * entry point (CLI, job, admin) runs. A failed or held run leaves the index as it was.
 */
export class SourceRunner {
  constructor(
    private readonly crawler: RunCrawler,
    private readonly updater: IndexUpdater,
    private readonly index: SearchIndex,
    private readonly logger: Logger,
    private readonly defaults: AdHocDefaults = {},
  ) {}

  async run(
    settings: SourceSettings,
    mode: 'full' | 'incremental' | null,
    onProgress?: (record: RunRecord) => void,
  ): Promise<RunResult> {
    const record = await this.crawler.run(settings, mode, onProgress);
    if (record.status !== 'succeeded') return { record, index: null };
    const index = await this.updater.catchUp(settings.baseUrl, settings.id);
    this.logger.info({ source: settings.id, run: record.id, index }, 'index caught up');
    return { record, index };
  }

  /** Ad-hoc sources (CLI arguments, SOURCES entries): base URLs or local NDJSON directories. */
  async runAdHoc(sources: string[], mode: 'full' | 'incremental' | null = null): Promise<HarvestRunReport> {
    const started = performance.now();
    const settings = sources.map((source) => adHocSettings(source, this.defaults));
    const runs: RunRecord[] = [];
    const indexUpdates: CatchUpStats[] = [];
    for (const source of settings) {
      const { record, index } = await this.run(source, mode);
      runs.push(record);
      if (index) indexUpdates.push(index);
    }
    const { documents } = await this.index.stats();
    return { runs, indexUpdates, documentsIndexed: documents, seconds: (performance.now() - started) / 1000 };
  }

  async confirmHeld(sourceId: string, runId: string): Promise<RunResult> {
    const record = await this.crawler.held.confirm(sourceId, runId);
    return { record, index: await this.updater.catchUp(record.sourceUrl, sourceId) };
  }

  rejectHeld(sourceId: string, runId: string): Promise<RunRecord> {
    return this.crawler.held.reject(sourceId, runId);
  }

  /** Sources whose last run was cut off and will resume from its checkpoint. */
  interrupted(): Promise<string[]> {
    return this.crawler.interrupted();
  }

  /** Marks the source's running run abandoned, keeping its checkpoint; null when none runs. */
  abandon(sourceId: string, reason: string): Promise<RunRecord | null> {
    return this.crawler.abandon(sourceId, reason);
  }

  rebuildIndex(): Promise<RebuildStats> {
    return this.updater.rebuildAll();
  }
}
