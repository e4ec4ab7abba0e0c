import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@pds/config';
import { createRuntime, startJobs } from '@pds/runtime';
import { QUEUE_DASHBOARD_PATH, mountQueueDashboard } from './admin/queue.dashboard';
import { AppModule } from './app.module';

/** Serves GraphQL; without REDIS_URL it also runs the harvest jobs in this process. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config, 'api');
  const app = await NestFactory.create(AppModule.forRuntime(runtime), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  // Express would hash every body for an ETag; search answers carry the index generation's instead.
  app.getHttpAdapter().getInstance().set('etag', false);
  // A widget embedded on an allowed origin calls GraphQL and loads its module (CORS mode) from here.
  app.enableCors({ origin: config.WIDGET_ORIGINS.includes('*') ? '*' : config.WIDGET_ORIGINS });
  const dashboard = mountQueueDashboard(app, runtime);
  // Sources are seeded before the port opens: a client seeing /health answer also sees them.
  await startJobs(runtime);
  await app.listen(config.PORT);
  const queues = dashboard ? `http://localhost:${config.PORT}${QUEUE_DASHBOARD_PATH}` : null;
  runtime.logger.info({ port: config.PORT, url: `http://localhost:${config.PORT}/graphql`, queues }, 'api listening');
  // After listening: the page answers (and says the demo is coming) while it is generated and indexed.
  runtime.demo.seedIfEmpty().catch((error: unknown) => runtime.logger.error({ err: error }, 'demo data failed'));
  const shutdown = async () => {
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
