import { parseSourceSettings } from '@pds/harvest';
import { JobName, type JobQueue } from '@pds/jobs';
import { SourceSchedules } from './source-schedules';

function recordingQueue(): JobQueue & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    enqueue: async () => 'unused',
    schedule: async (...args) => void calls.push(['schedule', ...args]),
    unschedule: async (schedulerId) => void calls.push(['unschedule', schedulerId]),
    liveJobs: async () => [],
    close: async () => undefined,
  };
}

const source = (overrides: object) => parseSourceSettings({ id: 'payer-a', name: 'A', baseUrl: 'https://a.example/fhir', ...overrides });

describe('SourceSchedules', () => {
  it('gives an enabled source with a schedule a HarvestSource job on its cron pattern', async () => {
    const queue = recordingQueue();

    await new SourceSchedules(queue).apply(source({ schedule: '0 3 * * *' }));

    expect(queue.calls).toEqual([
      ['schedule', 'source-payer-a', JobName.HarvestSource, { sourceId: 'payer-a' }, { pattern: '0 3 * * *' }],
    ]);
  });

  it.each([
    ['without a schedule', { schedule: null }],
    ['disabled', { schedule: '0 3 * * *', enabled: false }],
  ])('removes the schedule of a source %s', async (_why, overrides) => {
    const queue = recordingQueue();

    await new SourceSchedules(queue).apply(source(overrides));

    expect(queue.calls).toEqual([['unschedule', 'source-payer-a']]);
  });

  it('removes the schedule of a removed source', async () => {
    const queue = recordingQueue();

    await new SourceSchedules(queue).remove('payer-a');

    expect(queue.calls).toEqual([['unschedule', 'source-payer-a']]);
  });
});
