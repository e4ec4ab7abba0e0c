import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@pds/config';
import { createRuntime, onShutdownSignals, startJobs } from '@pds/runtime';
import { QUEUE_DASHBOARD_PATH, mountQueueDashboard } from './admin/queue-dashboard';
import { AppModule } from './app.module';
import { closeServerGracefully } from './ops/graceful-shutdown';
import { keepConnectionsAlive } from './ops/keep-alive';
import { OperationsModule } from './ops/operations.module';

/** Serves GraphQL; without REDIS_URL it also runs the harvest jobs in this process. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const operations = OperationsModule.create(await createRuntime(config, 'api'));
  const { runtime } = operations;
  // No enableShutdownHooks: its own signal handler would close the app a second time and then
  // re-raise the signal, so the process could not exit 0 after a clean shutdown.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime, operations), { logger: ['error', 'warn'] });
  // Behind a load balancer this makes req.ip (the rate-limit key) the client's, not the balancer's.
  app.set('trust proxy', config.TRUST_PROXY);
  // Express would hash every body for an ETag; search answers carry the index generation's instead.
  app.set('etag', false);
  // A widget embedded on an allowed origin calls GraphQL and loads its module (CORS mode) from here.
  app.enableCors({
    origin: config.WIDGET_ORIGINS.includes('*') ? '*' : config.WIDGET_ORIGINS,
    exposedHeaders: ['RateLimit', 'RateLimit-Policy', 'Retry-After'],
  });
  const dashboard = mountQueueDashboard(app, runtime);
  // Sources are seeded before the port opens: a client seeing /health answer also sees them.
  await startJobs(runtime);
  await app.listen(config.PORT);
  keepConnectionsAlive(app.getHttpServer() as Server);
  const queues = dashboard ? `http://localhost:${config.PORT}${QUEUE_DASHBOARD_PATH}` : null;
  runtime.logger.info({ port: config.PORT, url: `http://localhost:${config.PORT}/graphql`, queues }, 'api listening');
  // After listening: the page answers (and says the demo is coming) while it is generated and indexed.
  runtime.demo.seedIfEmpty().catch((error: unknown) => runtime.logger.error({ err: error }, 'demo data failed'));
  onShutdownSignals(runtime.logger, async (signal) => {
    runtime.logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: finishing requests in flight');
    const drained = await closeServerGracefully(app.getHttpServer() as Server, config.SHUTDOWN_GRACE_MS);
    if (!drained) runtime.logger.warn({ graceMs: config.SHUTDOWN_GRACE_MS }, 'requests still in flight after the grace were cut');
    await app.close();
    await runtime.close();
  });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
