import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@pds/config';
import { createRuntime, finishesWithin, onShutdownSignals, startJobs } from '@pds/runtime';
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
    const graceMs = config.SHUTDOWN_GRACE_MS;
    const { consumer } = runtime;
    runtime.logger.info(
      { signal, graceMs },
      consumer ? 'shutting down: finishing requests in flight and any running job, taking no new jobs' : 'shutting down: finishing requests in flight',
    );
    // Without REDIS_URL the jobs run here: from the signal on none starts (those waiting are dropped),
    // and the running one gets the same grace as the requests, side by side, so the exit comes within one grace.
    const jobsStopped = consumer ? finishesWithin(consumer.close(), graceMs) : Promise.resolve(true);
    const drained = await closeServerGracefully(app.getHttpServer() as Server, graceMs);
    if (!drained) runtime.logger.warn({ graceMs }, 'requests still in flight after the grace were cut');
    await app.close();
    if (!(await jobsStopped)) {
      // The stores stay open for the job until the exit cuts it, as a crash would: nothing it stored is lost.
      const cut = (await runtime.queue.liveJobs()).map((job) => job.name);
      runtime.logger.warn(
        { graceMs, cut },
        'the job still running after the grace was cut: a harvest keeps its checkpoint for the next run, a rebuild is dropped and the served index stays',
      );
      return;
    }
    await runtime.close();
  });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
