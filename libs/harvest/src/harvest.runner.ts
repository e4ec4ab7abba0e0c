import type { Logger } from '@pds/config';
import type { SearchIndex } from '@pds/search';
import type { CatchUpStats, IndexUpdater, RebuildStats } from './indexing/index.updater';
import type { RunRecord } from './runs/run-record';
import type { SourceRunner } from './run/source.run';
import { type AdHocDefaults, adHocSettings } from './run/ad-hoc.settings';
import type { SourceSettings } from './sources/source-settings';

export interface SourceRunResult {
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
export class HarvestRunner {
  constructor(
    private readonly sources: SourceRunner,
    private readonly updater: IndexUpdater,
    private readonly index: SearchIndex,
    private readonly logger: Logger,
    private readonly defaults: AdHocDefaults = {},
  ) {}

  async runSource(
    settings: SourceSettings,
    mode: 'full' | 'incremental' | null,
    onProgress?: (record: RunRecord) => void,
  ): Promise<SourceRunResult> {
    const record = await this.sources.run(settings, mode, onProgress);
    if (record.status !== 'succeeded') return { record, index: null };
    const index = await this.updater.catchUp(settings.baseUrl, settings.id);
    this.logger.info({ source: settings.id, run: record.id, index }, 'index caught up');
    return { record, index };
  }

  /** Ad-hoc sources (CLI arguments, SOURCES entries): base URLs or local NDJSON directories. */
  async run(sources: string[], mode: 'full' | 'incremental' | null = null): Promise<HarvestRunReport> {
    const started = performance.now();
    const settings = sources.map((source) => adHocSettings(source, this.defaults));
    const runs: RunRecord[] = [];
    const indexUpdates: CatchUpStats[] = [];
    for (const source of settings) {
      const { record, index } = await this.runSource(source, mode);
      runs.push(record);
      if (index) indexUpdates.push(index);
    }
    const { documents } = await this.index.stats();
    return { runs, indexUpdates, documentsIndexed: documents, seconds: (performance.now() - started) / 1000 };
  }

  async confirmHeld(sourceId: string, runId: string): Promise<SourceRunResult> {
    const record = await this.sources.confirmHeld(sourceId, runId);
    return { record, index: await this.updater.catchUp(record.sourceUrl, sourceId) };
  }

  rejectHeld(sourceId: string, runId: string): Promise<RunRecord> {
    return this.sources.rejectHeld(sourceId, runId);
  }

  /** Sources whose last run was cut off and will resume from its checkpoint. */
  interrupted(): Promise<string[]> {
    return this.sources.interrupted();
  }

  /** Marks the source's running run abandoned, keeping its checkpoint; null when none runs. */
  abandon(sourceId: string, reason: string): Promise<RunRecord | null> {
    return this.sources.abandon(sourceId, reason);
  }

  rebuildIndex(): Promise<RebuildStats> {
    return this.updater.rebuildAll();
  }
}
