import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLogger } from '@pds/config';
import { FileStateStore } from '@pds/store';
import { RunRecordStore } from './run-record.store';
import type { RunProgress } from './run-progress.writer';
import { RunReporter, type RunReporterOptions } from './run.reporter';

const logger = createLogger('silent');
const start = { sourceId: 'payer-a', sourceUrl: 'https://payer-a.example/fhir', mode: 'full' as const };
let dir: string;
let store: RunRecordStore;
let progress: RunProgress[];
/** Statuses of the records written, in order. */
let saves: () => string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pds-reporter-'));
  store = new RunRecordStore(new FileStateStore(dir));
  const save = jest.spyOn(store, 'save');
  saves = () => save.mock.calls.map(([record]) => record.status);
  progress = [];
});

afterEach(() => rm(dir, { recursive: true, force: true }));

const options = (overrides: Partial<RunReporterOptions> = {}): RunReporterOptions => ({
  store,
  logger,
  progress: (value) => void progress.push(value),
  ...overrides,
});

describe('RunReporter', () => {
  it('writes the running record at once, so the run shows as soon as it starts', async () => {
    const reporter = await RunReporter.start(options(), start);

    expect(await store.get('payer-a', reporter.record.id)).toMatchObject({ status: 'running', mode: 'full', finishedAt: null });
    expect(progress).toEqual([expect.objectContaining({ runId: reporter.record.id, status: 'running' })]);
  });

  it('sums counters per type and in total, and keeps a quarantine sample while counting all', async () => {
    const reporter = await RunReporter.start(options({ quarantineSample: 2 }), start);

    reporter.count('Practitioner', { requests: 2, pages: 2, resources: 150, bytes: 9000, seconds: 1.5 });
    reporter.count('Practitioner', { requests: 1, pages: 1, resources: 50, retries: 1, throttled: 1 });
    reporter.count('Location', { requests: 1, pages: 1, resources: 20 });
    reporter.markType('Practitioner', { complete: true, serverTotal: 200 });
    reporter.markType('Location', { complete: true, serverTotal: null });
    for (const id of ['p1', 'p2', 'p3']) reporter.quarantine({ type: 'Practitioner', id, reason: 'name is a number' });
    const record = await reporter.finish({ status: 'succeeded' });

    expect(record.types.Practitioner).toMatchObject({
      requests: 3,
      pages: 3,
      resources: 200,
      bytes: 9000,
      retries: 1,
      throttled: 1,
      quarantined: 3,
      seconds: 1.5,
      complete: true,
      serverTotal: 200,
    });
    expect(record.totals).toMatchObject({ requests: 4, resources: 220, quarantined: 3 });
    expect(record.requestsPerResource).toBeCloseTo(4 / 220);
    expect(record.quarantine.map((item) => item.id)).toEqual(['p1', 'p2']);
    expect(record).toMatchObject({ status: 'succeeded', complete: true, reason: null });
    expect(record.finishedAt).not.toBeNull();
    expect(await store.get('payer-a', record.id)).toEqual(record);
  });

  it('is incomplete when a type did not reach its last page, and keeps the reason of a failure', async () => {
    const reporter = await RunReporter.start(options(), start);
    reporter.markType('Practitioner', { complete: true });
    reporter.markType('Location', { complete: false });

    const record = await reporter.finish({ status: 'failed', reason: 'GET Location page 3: HTTP 503' });

    expect(record).toMatchObject({ status: 'failed', complete: false, reason: 'GET Location page 3: HTTP 503', requestsPerResource: 0 });
  });

  it('writes a running record at most once per flushEveryMs, and always at the end', async () => {
    const reporter = await RunReporter.start(options({ flushEveryMs: 200 }), start);

    for (let page = 0; page < 50; page += 1) reporter.count('Practitioner', { pages: 1, resources: 10 });
    expect(saves()).toEqual(['running']); // the burst waits for the interval
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(saves()).toEqual(['running', 'running']);
    expect((await store.get('payer-a', reporter.record.id))?.totals.resources).toBe(500);

    reporter.count('Practitioner', { pages: 1, resources: 10 });
    await reporter.finish({ status: 'succeeded' });

    expect(saves()).toEqual(['running', 'running', 'succeeded']);
    expect(progress.at(-1)).toMatchObject({ status: 'succeeded', totals: expect.objectContaining({ resources: 510 }) });
  });
});
