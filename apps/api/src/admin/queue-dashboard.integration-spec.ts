import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@pds/config';
import { BullmqJobQueue, JobName, QUEUE_NAME } from '@pds/jobs';
import { startTestRedis, type TestRedis } from '@pds/testing';
import { mountQueueDashboard, QUEUE_DASHBOARD_PATH } from './queue-dashboard';

@Module({})
class EmptyModule {}

const KEY = 'admin-key-0123456789';

describe('the queue dashboard', () => {
  let redis: TestRedis;
  let queue: BullmqJobQueue;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    queue = new BullmqJobQueue({ redisUrl: redis.url, prefix: redis.prefix.replace(/:$/, '') });
    app = await NestFactory.create(EmptyModule, { logger: false });
    const config = loadConfig({ ADMIN_API_KEY: KEY, REDIS_URL: redis.url });
    expect(mountQueueDashboard(app, { config, queue })).toBe(true);
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}${QUEUE_DASHBOARD_PATH}/api/queues`;
  });

  afterAll(async () => {
    await app.close();
    await queue.close();
    await redis.cleanup();
  });

  const call = (path: string, method = 'GET', body?: object) =>
    fetch(`${url}${path}`, {
      method,
      headers: { 'x-admin-key': KEY, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('shows the queue, marked read-only', async () => {
    const answer = await call('');

    expect(answer.status).toBe(200);
    const { queues } = (await answer.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues).toEqual([expect.objectContaining({ name: QUEUE_NAME, readOnlyMode: true })]);
  });

  it('refuses to add a job, even with the admin key, and nothing is queued', async () => {
    const answer = await call(`/${QUEUE_NAME}/add`, 'POST', { name: JobName.Harvest, data: { sources: ['/etc'] } });

    expect(answer.status).toBe(405);
    expect(await queue.bullQueue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 });
  });
});
