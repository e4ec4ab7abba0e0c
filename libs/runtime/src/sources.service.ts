import type { Logger } from '@pds/config';
import {
  type RunRecord,
  type RunRecordStore,
  RunProgressWriter,
  type SourceRegistry,
  type SourceRunner,
  type SourceSettings,
} from '@pds/harvest';
import type { HarvestMode, JobContext } from '@pds/jobs';
import type { DemoData } from './demo-data';
import type { SourceSchedules } from './source-schedules';

export interface SourcesServiceDeps {
  registry: SourceRegistry;
  schedules: SourceSchedules;
  runner: SourceRunner;
  runs: RunRecordStore;
  logger: Logger;
  demo: Pick<DemoData, 'retireAfter'>;
}

/**
 * What happens to a registered source beyond its settings: editing or removing one keeps its
 * schedule in step, and each run (or decision on a held one) is told to the registry, so the
 * admin resolvers and the job handlers call one place instead of coordinating the parts.
 */
export class SourcesService {
  constructor(private readonly deps: SourcesServiceDeps) {}

  /** Creates or edits a source (the registry validates the input) and brings its schedule in step. */
  async upsert(input: unknown): Promise<SourceSettings> {
    const settings = await this.deps.registry.upsert(input);
    await this.deps.schedules.apply(settings);
    return settings;
  }

  /** Brings every source's schedule in step with its settings (at start: settings may have changed meanwhile). */
  async scheduleAll(): Promise<void> {
    await this.deps.schedules.applyAll(await this.deps.registry.list());
  }

  /** Forgets a source and its schedule (its run records stay); false if unknown. */
  async remove(id: string): Promise<boolean> {
    const removed = await this.deps.registry.remove(id);
    if (removed) await this.deps.schedules.remove(id);
    return removed;
  }

  /**
   * One run of a registered source with its own settings. The runner saves the final record; its
   * per-page progress is written here too (debounced), so admins and the board see a run live.
   * A failed run is a returned record, not a throw.
   */
  async run(settings: SourceSettings, mode: HarvestMode | undefined, progress: JobContext['progress']): Promise<RunRecord> {
    const { runner, runs, logger, demo } = this.deps;
    const writer = new RunProgressWriter({ store: runs, logger, progress });
    const { record } = await runner.run(settings, mode ?? null, (running) => writer.update(running));
    await writer.finish(record);
    await this.deps.registry.recordRunFinished(settings.id, record);
    await demo.retireAfter(record);
    return record;
  }

  /** Applies a held run's deletions; the registry learns the outcome as of any other run's end. */
  async confirmHeld(sourceId: string, runId: string): Promise<RunRecord> {
    const { record } = await this.deps.runner.confirmHeld(sourceId, runId);
    await this.deps.registry.recordRunFinished(sourceId, record);
    return record;
  }

  /** Drops a held run's deletions. */
  async rejectHeld(sourceId: string, runId: string): Promise<RunRecord> {
    const record = await this.deps.runner.rejectHeld(sourceId, runId);
    await this.deps.registry.recordRunFinished(sourceId, record);
    return record;
  }
}
