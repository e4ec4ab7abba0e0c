import type { Logger } from '@pds/config';
import {
  type HarvestRunner,
  type RunRecord,
  type RunRecordStore,
  RunProgressWriter,
  type SourceRegistry,
  type SourceSettings,
} from '@pds/harvest';
import type { HarvestMode, JobContext } from '@pds/jobs';
import type { DemoData } from './demo-data';

/**
 * The seam between the job handlers and the crawl core: one run of one registered source with its
 * own settings. It writes the run's record, reports progress, tells the registry how the run
 * ended, and brings the index up to date; a failed run is a returned record, not a throw.
 */
export type RunSource = (
  settings: SourceSettings,
  mode: HarvestMode | undefined,
  progress: JobContext['progress'],
) => Promise<RunRecord>;

/** What the admin decides about a run held for deleting too much; the crawl core carries it out. */
export interface HeldRunActions {
  confirm(sourceId: string, runId: string): Promise<RunRecord>;
  reject(sourceId: string, runId: string): Promise<RunRecord>;
}

export interface HarvestRunnerSeamDeps {
  runner: HarvestRunner;
  registry: SourceRegistry;
  runs: RunRecordStore;
  logger: Logger;
  demo: Pick<DemoData, 'retireAfter'>;
}

/**
 * RunSource over the crawl core's `HarvestRunner.runSource`. The runner saves the final record;
 * its per-page progress is written here too (debounced), so admins and the board see a run live.
 */
export function harvestRunnerSource({ runner, registry, runs, logger, demo }: HarvestRunnerSeamDeps): RunSource {
  return async (settings, mode, progress) => {
    const writer = new RunProgressWriter({ store: runs, logger, progress });
    const { record } = await runner.runSource(settings, mode ?? null, (running) => writer.update(running));
    await writer.finish(record);
    await registry.recordRunFinished(settings.id, record);
    await demo.retireAfter(record);
    return record;
  };
}

/** HeldRunActions over the crawl core; the registry learns the outcome as of any other run's end. */
export function harvestRunnerHeldRuns({ runner, registry }: Pick<HarvestRunnerSeamDeps, 'runner' | 'registry'>): HeldRunActions {
  return {
    async confirm(sourceId, runId) {
      const { record } = await runner.confirmHeld(sourceId, runId);
      await registry.recordRunFinished(sourceId, record);
      return record;
    },
    async reject(sourceId, runId) {
      const record = await runner.rejectHeld(sourceId, runId);
      await registry.recordRunFinished(sourceId, record);
      return record;
    },
  };
}
