import { loadConfig } from '@pds/config';
import { createRuntime, startJobs } from '@pds/runtime';

/** Consumes harvest and reindex jobs from BullMQ; run as many as the payers' rate limits allow. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.REDIS_URL) {
    throw new Error('the worker consumes BullMQ jobs and needs REDIS_URL; without Redis, `npm start` runs jobs itself');
  }
  const runtime = await createRuntime(config, 'worker');
  await startJobs(runtime);
  runtime.logger.info({ sources: config.SOURCES }, 'worker consuming jobs');
  const shutdown = async () => {
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
