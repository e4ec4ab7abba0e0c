import type { IndexUpdateRecord, IndexUpdateRecordStore, IndexUpdateStatus } from '@pds/harvest';
import type { Registry } from 'prom-client';
import { recordGauges } from './record-gauges';

const STATUSES: IndexUpdateStatus[] = ['running', 'succeeded', 'failed'];

/**
 * The last reindex and each source's last catch-up, read from their records at scrape time: the
 * process that ran them may be a worker, and the records are what every process shares (a counter
 * in the API would miss a worker's failures). The reindex has no `source` label.
 */
export function registerIndexUpdateMetrics(registry: Registry, records: IndexUpdateRecordStore): void {
  const gauge = recordGauges(
    registry,
    () => Promise.all([records.lastReindex(), records.catchUps()]).then(([reindex, catchUps]) => [...(reindex ? [reindex] : []), ...catchUps]),
    'the index update records',
  );
  const labels = (record: IndexUpdateRecord) => (record.kind === 'catch_up' ? { kind: record.kind, source: record.sourceId } : { kind: record.kind });

  gauge(
    'pds_index_last_update_status',
    "Status of the last reindex and of each source's last catch-up: 1 for its status, 0 for the others",
    ['kind', 'source', 'status'],
    (g, updates) => {
      for (const record of updates) for (const status of STATUSES) g.set({ ...labels(record), status }, record.status === status ? 1 : 0);
    },
  );
  gauge('pds_index_last_update_started_timestamp_seconds', 'When that update started', ['kind', 'source'], (g, updates) => {
    for (const record of updates) g.set(labels(record), Date.parse(record.startedAt) / 1000);
  });
}
