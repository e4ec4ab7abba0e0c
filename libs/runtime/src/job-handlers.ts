import type { Logger } from '@pds/config';
import type { SourceRegistry, SourceRunner } from '@pds/harvest';
import { type JobHandlers, JobName } from '@pds/jobs';
import type { DemoData } from './demo-data';
import type { SourcesService } from './sources.service';

export interface JobHandlerDeps {
  runner: Pick<SourceRunner, 'runAdHoc' | 'rebuildIndex'>;
  registry: Pick<SourceRegistry, 'get' | 'isPaused'>;
  sources: Pick<SourcesService, 'run' | 'confirmHeld' | 'rejectHeld'>;
  logger: Logger;
  demo: Pick<DemoData, 'retireAfter'>;
}

/** One handler per job name (the compiler checks none is missing); each stays thin and calls the libs. */
export function jobHandlers({ runner, registry, sources, logger, demo }: JobHandlerDeps): JobHandlers {
  return {
    [JobName.Harvest]: async ({ sources: urls }) => {
      const report = await runner.runAdHoc(urls);
      for (const run of report.runs) await demo.retireAfter(run);
      const failed = report.runs.filter((run) => run.status === 'failed');
      // A failed source fails the job so the queue shows it; the others were still indexed.
      if (failed.length > 0) throw new Error(failed.map((run) => `${run.sourceUrl}: ${run.reason}`).join('; '));
      return report;
    },
    [JobName.HarvestSource]: async ({ sourceId, mode }, { progress }) => {
      const settings = await registry.get(sourceId);
      // A schedule or trigger may outlive an edit: skip quietly rather than fail (and retry) the job.
      if (!settings || !settings.enabled || (await registry.isPaused(sourceId))) {
        const skipped = !settings ? 'unknown source' : !settings.enabled ? 'disabled' : 'paused';
        logger.info({ sourceId, skipped }, 'source run skipped');
        return { skipped };
      }
      return sources.run(settings, mode, progress);
    },
    [JobName.Reindex]: () => runner.rebuildIndex(),
    [JobName.ConfirmHeldRun]: ({ sourceId, runId }) => sources.confirmHeld(sourceId, runId),
    [JobName.RejectHeldRun]: ({ sourceId, runId }) => sources.rejectHeld(sourceId, runId),
  };
}
