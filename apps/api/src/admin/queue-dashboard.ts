import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { BullmqJobQueue } from '@pds/jobs';
import type { Runtime } from '@pds/runtime';
import { adminKeyAuth } from './dashboard-auth.middleware';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Serves bull-board (jobs, their progress, schedulers) for admins at /admin/queues on Nest's
 * Express instance, read-only: it can add, retry, promote, clean or remove no job. A job added
 * there would skip the admin API's checks (a `harvest` naming a local directory, say), and a
 * browser that cached basic auth would carry that power to any page that posts to it. It shows BullMQ's queue, so it exists only with Redis, and like all admin
 * only with an admin key; returns whether it was mounted. Call before `listen`: Nest's not-found
 * handler, added at init, would answer first.
 */
export function mountQueueDashboard(app: INestApplication, { config, queue }: Pick<Runtime, 'config' | 'queue'>): boolean {
  if (!config.ADMIN_API_KEY || !(queue instanceof BullmqJobQueue)) return false;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue.bullQueue, { readOnlyMode: true })], serverAdapter });
  app.use(QUEUE_DASHBOARD_PATH, adminKeyAuth(config.ADMIN_API_KEY), serverAdapter.getRouter());
  return true;
}
