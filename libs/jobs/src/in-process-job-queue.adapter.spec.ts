import { createLogger } from '@pds/config';
import { InProcessJobQueue } from './in-process-job-queue.adapter';
import { describeJobQueueContract } from './job-queue.contract';

describeJobQueueContract('InProcessJobQueue', async () => {
  const jobs = new InProcessJobQueue(createLogger('silent'));
  return { queue: jobs, consumer: jobs, cleanup: () => jobs.close() };
});
