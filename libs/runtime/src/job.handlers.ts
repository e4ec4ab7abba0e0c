import type { Logger } from '@pds/config';
import type { HarvestRunner, SourceRegistry } from '@pds/harvest';
import { type JobHandlers, JobName } from '@pds/jobs';
import type { DemoData } from './demo-data';
import type { HeldRunActions, RunSource } from './source-run.seam';

export interface JobHandlerDeps {
  runner: HarvestRunner;
  registry: SourceRegistry;
  runSource: RunSource;
  heldRuns: HeldRunActions;
  logger: Logger;
  demo: Pick<DemoData, 'retireAfter'>;
}

/** One handler per job name (the compiler checks none is missing); each stays thin and calls the libs. */
export function jobHandlers({ runner, registry, runSource, heldRuns, logger, demo }: JobHandlerDeps): JobHandlers {
  return {
    [JobName.Harvest]: async ({ sources }) => {
      const report = await runner.run(sources);
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
      return runSource(settings, mode, progress);
    },
    [JobName.Reindex]: () => runner.rebuildIndex(),
    [JobName.ConfirmHeldRun]: ({ sourceId, runId }) => heldRuns.confirm(sourceId, runId),
    [JobName.RejectHeldRun]: ({ sourceId, runId }) => heldRuns.reject(sourceId, runId),
  };
}
