import { loadConfig } from '@pds/config';
import { createRuntime, finishesWithin, onShutdownSignals, startJobs } from '@pds/runtime';

/** Consumes harvest and reindex jobs from BullMQ; run as many as the payers' rate limits allow. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.REDIS_URL) {
    throw new Error('the worker consumes BullMQ jobs and needs REDIS_URL; without Redis, `npm start` runs jobs itself');
  }
  const runtime = await createRuntime(config, 'worker');
  await startJobs(runtime);
  runtime.logger.info({ sources: config.SOURCES }, 'worker consuming jobs');
  onShutdownSignals(runtime.logger, async (signal) => {
    const graceMs = config.SHUTDOWN_GRACE_MS;
    runtime.logger.info({ signal, graceMs }, 'shutting down: taking no new jobs, letting the running job finish');
    // Closing the BullMQ worker stops fetching at once and waits for the job under way; an orchestrator
    // kills after its own timeout, so the wait is bounded by the grace.
    const closed = await finishesWithin(runtime.close(), graceMs);
    if (closed) runtime.logger.info('worker stopped');
    else {
      // The job keeps its checkpoint and its BullMQ lock lapses: the next worker's stall check takes it up
      // again and the harvest resumes from the checkpoint, as after a crash.
      runtime.logger.warn({ graceMs }, 'worker stopped: the job still running after the grace was cut and resumes from its checkpoint');
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
