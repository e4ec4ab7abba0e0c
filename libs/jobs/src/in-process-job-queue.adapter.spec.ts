import { createLogger } from '@pds/config';
import { InProcessJobQueue } from './in-process-job-queue.adapter';
import { HandlerProbe, describeJobQueueContract } from './job-queue.contract';
import { JobName } from './job-types';

describeJobQueueContract('InProcessJobQueue', async () => {
  const jobs = new InProcessJobQueue(createLogger('silent'));
  return { queue: jobs, consumer: jobs, cleanup: () => jobs.close() };
});

describe('InProcessJobQueue on close', () => {
  it('drops the jobs waiting (nothing would run them after the process), and any enqueued later', async () => {
    const jobs = new InProcessJobQueue(createLogger('silent'));
    const probe = new HandlerProbe();
    await jobs.start(probe.handlers, probe.consumerEvents);
    const release = probe.hold('running');
    await jobs.enqueue(JobName.Harvest, { sources: ['running'] });
    await jobs.enqueue(JobName.Reindex, {});
    await probe.untilRan('running');

    const closed = jobs.close();
    // What a shutdown cutting the job after its grace reports as cut: the running job alone.
    expect(await jobs.liveJobs()).toEqual([{ name: JobName.Harvest, payload: { sources: ['running'] } }]);
    await jobs.enqueue(JobName.Harvest, { sources: ['late'] });
    release();
    await closed;

    expect(probe.runs).toEqual(['running']);
    expect(await jobs.liveJobs()).toEqual([]);
  });
});
