import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLogger } from '@pds/config';
import { FileStateStore } from '@pds/store';
import { emptyCounters, type RunRecord } from './run-record';
import { RunRecordStore } from './run-record-store';
import { runRecord } from '@pds/harvest/testing';
import { type RunProgress, RunProgressWriter } from './run-progress-writer';

let dir: string;
let store: RunRecordStore;
let progress: RunProgress[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pds-progress-'));
  store = new RunRecordStore(new FileStateStore(dir));
  progress = [];
});

afterEach(() => rm(dir, { recursive: true, force: true }));

/** A record as a harvester that keeps its own keeps it: totals filled only at the end. */
const running = (resources: number): RunRecord =>
  runRecord({
    mode: 'incremental',
    status: 'running',
    complete: false,
    types: { Practitioner: { ...emptyCounters(), requests: 2, resources, complete: false, serverTotal: null, cursorExpired: 0, cursorExpiredReason: null } },
  });

describe('RunProgressWriter', () => {
  it("writes and reports a harvester's running record with totals summed from its types", async () => {
    const writer = new RunProgressWriter({ store, logger: createLogger('silent'), progress: (value) => void progress.push(value) });
    const record = running(40);

    writer.update(record);
    // The update is written in the background: wait for it (a busy machine may take a while), not a fixed time.
    let stored = await store.get('payer-a', record.id);
    for (let tries = 0; !stored && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      stored = await store.get('payer-a', record.id);
    }

    expect(stored?.totals).toMatchObject({ requests: 2, resources: 40 });
    expect(progress).toEqual([expect.objectContaining({ status: 'running', totals: expect.objectContaining({ resources: 40 }) })]);
  });

  it('ends with the final record even when an update was pending, and ignores later updates', async () => {
    const writer = new RunProgressWriter({ store, logger: createLogger('silent'), flushEveryMs: 60_000 });
    const record = running(10);
    await writer.write(record);
    writer.update(running(20)); // waits for the interval

    await writer.finish({ ...record, status: 'succeeded', finishedAt: '2026-01-01T00:01:00.000Z' });
    writer.update(running(30));
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await store.get('payer-a', record.id)).toMatchObject({ status: 'succeeded', finishedAt: '2026-01-01T00:01:00.000Z' });
  });
});
