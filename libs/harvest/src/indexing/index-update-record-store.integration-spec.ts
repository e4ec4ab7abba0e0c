import { type OpenedStateStore, STATE_STORE_ADAPTERS } from '@pds/store/testing';
import type { CatchUpRecord, ReindexRecord } from './index-update-record';
import { IndexUpdateRecordStore } from './index-update-record-store';

const running = (id: string): ReindexRecord => ({
  kind: 'reindex',
  id,
  status: 'running',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  reason: null,
  stats: null,
});

describe.each(STATE_STORE_ADAPTERS)('IndexUpdateRecordStore on %s', (_name, open) => {
  let opened: OpenedStateStore;
  let records: IndexUpdateRecordStore;
  beforeEach(async () => {
    opened = await open();
    records = new IndexUpdateRecordStore(opened.state);
  });
  afterEach(() => opened.cleanup());

  it('marks the running reindex it read failed, with the reason', async () => {
    await records.save(running('a'));
    expect(await records.failInterruptedReindex('a', 'interrupted: the process running it stopped')).toBe(true);
    expect(await records.lastReindex()).toMatchObject({ id: 'a', status: 'failed', reason: 'interrupted: the process running it stopped' });
  });

  it('leaves a newer reindex, and a finished one, as they are', async () => {
    await records.save(running('b'));
    expect(await records.failInterruptedReindex('a', 'interrupted')).toBe(false);
    expect(await records.lastReindex()).toEqual(running('b'));
    await records.save({ ...running('b'), status: 'succeeded', finishedAt: '2026-01-01T00:01:00.000Z' });
    expect(await records.failInterruptedReindex('b', 'interrupted')).toBe(false);
    expect((await records.lastReindex())?.status).toBe('succeeded');
  });

  it('keeps one catch-up per source, newest first, under a key any source URL fits', async () => {
    const catchUp = (source: string, startedAt: string): CatchUpRecord => ({ ...running(source), kind: 'catch_up', source, sourceId: 'x', startedAt, stats: null });
    await records.save(catchUp("https://payer.example/fhir?tenant=(a)!'*", '2026-01-01T00:00:00.000Z'));
    await records.save(catchUp('file:///data/dir', '2026-01-02T00:00:00.000Z'));
    await records.save(catchUp('file:///data/dir', '2026-01-03T00:00:00.000Z'));
    expect((await records.catchUps()).map((record) => [record.source, record.startedAt])).toEqual([
      ['file:///data/dir', '2026-01-03T00:00:00.000Z'],
      ["https://payer.example/fhir?tenant=(a)!'*", '2026-01-01T00:00:00.000Z'],
    ]);
  });
});
