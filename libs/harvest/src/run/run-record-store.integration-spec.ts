import { type OpenedStateStore, STATE_STORE_ADAPTERS } from '@pds/store/testing';
import { emptyTypeRecord } from '../crawl/type-record';
import { newRunId } from './run-id';
import type { RunRecord } from './run-record';
import { RunRecordStore } from './run-record-store';
import { runRecord } from '@pds/harvest/testing';

const record = (sourceId: string, startedAt: string, overrides: Partial<RunRecord> = {}): RunRecord =>
  runRecord({ sourceId, startedAt, ...overrides });

describe('newRunId', () => {
  it('sorts by start time and carries no colon', () => {
    const ids = ['2026-01-02T00:00:00.000Z', '2025-12-31T23:59:59.999Z', '2026-01-01T10:00:00.000Z'].map((at) =>
      newRunId(new Date(at)),
    );

    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
    expect(ids[0]).toMatch(/^20260102T000000000Z-[0-9a-f]{6}$/);
  });
});

describe.each(STATE_STORE_ADAPTERS)('RunRecordStore on %s', (_name, open) => {
  let opened: OpenedStateStore;
  let runs: RunRecordStore;

  beforeEach(async () => {
    opened = await open();
    runs = new RunRecordStore(opened.state);
  });

  afterEach(() => opened.cleanup());

  it('saves, updates and gets a record', async () => {
    const run = record('payer-a', '2026-01-01T00:00:00.000Z', { status: 'running' });
    await runs.save(run);
    await runs.save({ ...run, status: 'succeeded', finishedAt: '2026-01-01T00:01:00.000Z' });

    expect(await runs.get('payer-a', run.id)).toMatchObject({ status: 'succeeded', finishedAt: '2026-01-01T00:01:00.000Z' });
    expect(await runs.get('payer-a', 'nope')).toBeNull();
    expect(await runs.get('payer-a', '../sources/payer-a')).toBeNull();
    expect(await runs.latest('..', 5)).toEqual([]);
  });

  it("lists a source's latest runs, newest first, and no other source's", async () => {
    const days = ['2026-01-01', '2026-01-03', '2026-01-02', '2026-01-04'];
    for (const day of days) await runs.save(record('payer-a', `${day}T00:00:00.000Z`));
    await runs.save(record('payer-b', '2026-01-05T00:00:00.000Z'));

    const latest = await runs.latest('payer-a', 3);

    expect(latest.map((run) => run.startedAt.slice(0, 10))).toEqual(['2026-01-04', '2026-01-03', '2026-01-02']);
    expect(await runs.latest('payer-c', 3)).toEqual([]);
  });

  it('reads a record written before repairs were counted as one with none repaired', async () => {
    const { repairs: _repairs, ...written } = record('payer-a', '2026-01-01T00:00:00.000Z', {
      types: { Location: { ...emptyTypeRecord(), resources: 3 } },
    });
    const { repaired: _repaired, ...totals } = written.totals;
    const { repaired: _typeRepaired, ...location } = written.types.Location!;
    await opened.state.set(`runs/payer-a/${written.id}`, { ...written, totals, types: { Location: location } });

    const [read] = await runs.latest('payer-a', 1);

    expect(read).toMatchObject({ repairs: [], totals: { repaired: 0 }, types: { Location: { resources: 3, repaired: 0 } } });
    expect(await runs.get('payer-a', written.id)).toEqual(read);
  });

  it('lists held runs across sources until they are decided', async () => {
    const heldA = record('payer-a', '2026-01-02T00:00:00.000Z', { status: 'held', reason: 'would delete 10%' });
    const heldB = record('payer-b', '2026-01-01T00:00:00.000Z', { status: 'held' });
    await runs.save(heldA);
    await runs.save(heldB);
    await runs.save(record('payer-a', '2026-01-03T00:00:00.000Z'));

    expect((await runs.held()).map((run) => run.sourceId)).toEqual(['payer-b', 'payer-a']);

    await runs.save({ ...heldA, status: 'rejected' });
    expect((await runs.held()).map((run) => run.id)).toEqual([heldB.id]);
  });
});
