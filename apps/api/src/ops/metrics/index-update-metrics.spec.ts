import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { IndexUpdateRecordStore } from '@pds/harvest';
import { FileStateStore } from '@pds/store';
import { Registry } from 'prom-client';
import { registerIndexUpdateMetrics } from './index-update-metrics';

describe('index update metrics', () => {
  let dir: string;
  let state: FileStateStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pds-index-metrics-'));
    state = new FileStateStore(dir);
  });
  afterEach(async () => {
    await state.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("exports the status of the last reindex and of each source's last catch-up, and when each started", async () => {
    const records = new IndexUpdateRecordStore(state);
    const base = { finishedAt: null, reason: null, stats: null };
    await records.save({ ...base, kind: 'reindex', id: 'r', status: 'failed', startedAt: '2026-01-01T00:00:00.000Z', reason: 'ENOSPC' });
    await records.save({ ...base, kind: 'catch_up', id: 'c', status: 'running', startedAt: '2026-01-02T00:00:00.000Z', source: 'https://payer.example/fhir', sourceId: 'acme' });
    const registry = new Registry();
    registerIndexUpdateMetrics(registry, records);

    const text = await registry.metrics();
    const lines = text.split('\n').filter((line) => line.startsWith('pds_index_last_update'));
    expect(lines.sort()).toEqual([
      'pds_index_last_update_started_timestamp_seconds{kind="catch_up",source="acme"} 1767312000',
      'pds_index_last_update_started_timestamp_seconds{kind="reindex"} 1767225600',
      'pds_index_last_update_status{kind="catch_up",source="acme",status="failed"} 0',
      'pds_index_last_update_status{kind="catch_up",source="acme",status="running"} 1',
      'pds_index_last_update_status{kind="catch_up",source="acme",status="succeeded"} 0',
      'pds_index_last_update_status{kind="reindex",status="failed"} 1',
      'pds_index_last_update_status{kind="reindex",status="running"} 0',
      'pds_index_last_update_status{kind="reindex",status="succeeded"} 0',
    ]);
  });
});
