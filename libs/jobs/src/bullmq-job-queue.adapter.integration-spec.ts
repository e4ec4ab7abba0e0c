import { createLogger } from '@pds/config';
import { startTestRedis, type TestRedis } from '@pds/testing';
import { BullmqJobConsumer, BullmqJobQueue, type BullmqOptions } from './bullmq-job-queue.adapter';
import { describeJobQueueContract, HandlerProbe } from './job-queue.contract';
import { JobName } from './job-types';

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

  it('refuses a job whose payload or name no handler takes, without calling a handler or retrying it', async () => {
    const options = nextOptions();
    const queue = new BullmqJobQueue(options);
    const consumer = new BullmqJobConsumer(options, logger);
    const probe = new HandlerProbe();
    // Kept when failed, so the test can read why; three attempts, so a retry would show.
    const kept = { removeOnFail: false, attempts: 3 };
    try {
      await consumer.start(probe.handlers);
      // Written straight into Redis, as a dashboard or anyone holding its password could.
      await queue.bullQueue.add(JobName.Harvest, { sources: '/etc', also: 'this' }, kept);
      await queue.bullQueue.add(JobName.HarvestSource, { sourceId: '../../etc' }, kept);
      await queue.bullQueue.add('drop-everything', {}, kept);
      await queue.enqueue(JobName.Harvest, { sources: ['marker'] });
      await probe.untilRan('marker');
      const failed = await queue.bullQueue.getFailed();

      expect(probe.runs).toEqual(['marker']);
      expect(failed.map((job) => [job.failedReason, job.attemptsMade]).sort()).toEqual([
        ['refused job drop-everything: no such job; known: harvest, harvest-source, reindex, confirm-held-run, reject-held-run', 1],
        ['refused job harvest-source: sourceId: a source id: lower-case letters, digits and -, at most 63', 1],
        ['refused job harvest: sources: Invalid input: expected array, received string; payload: Unrecognized key: "also"', 1],
      ]);
    } finally {
      await consumer.close();
      await queue.close();
    }
  });
});
