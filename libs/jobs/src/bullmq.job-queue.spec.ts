import { createLogger } from '@pds/config';
import { startTestRedis, type TestRedis } from '@pds/testing';
import { BullmqJobConsumer, BullmqJobQueue, type BullmqOptions } from './bullmq.job-queue';
import { describeJobQueueContract, HandlerProbe } from './job-queue.contract';
import { JobName } from './job.types';

const logger = createLogger('silent');
let redis: TestRedis;
let queues = 0;
/** A prefix per queue under the test server's, so a test never sees another's jobs or schedules. */
const nextOptions = (): BullmqOptions => ({ redisUrl: redis.url, prefix: `${redis.prefix}${++queues}` });

beforeAll(async () => {
  redis = await startTestRedis();
});

afterAll(async () => {
  await redis.cleanup();
});

describeJobQueueContract('BullMQ', async () => {
  const options = nextOptions();
  const queue = new BullmqJobQueue(options);
  const consumer = new BullmqJobConsumer(options, logger);
  return {
    queue,
    consumer,
    cleanup: async () => {
      await consumer.close();
      await queue.close();
    },
  };
});

describe('BullmqJobQueue', () => {
  it('runs a job id again once its earlier run failed for good', async () => {
    const options = nextOptions();
    const queue = new BullmqJobQueue(options);
    const consumer = new BullmqJobConsumer(options, logger);
    const probe = new HandlerProbe();
    probe.failOn('first');
    try {
      await consumer.start(probe.handlers);
      // One attempt, so it fails for good at once; what is kept of it comes from the adapter's defaults.
      await queue.bullQueue.add(JobName.Harvest, { sources: ['first'] }, { jobId: 'harvest-id', attempts: 1 });
      await queue.enqueue(JobName.Harvest, { sources: ['marker'] });
      await probe.untilRan('marker');

      await queue.enqueue(JobName.Harvest, { sources: ['second'] }, { jobId: 'harvest-id' });
      await probe.untilRan('second');

      expect(probe.runs).toEqual(['first', 'marker', 'second']);
    } finally {
      await consumer.close();
      await queue.close();
    }
  });
});
