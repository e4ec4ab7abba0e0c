import { emptyCounters, newRunId, type RunRecord } from '@pds/harvest';

/** A run record for specs: a succeeded full run of `payer-a` started on 2026-01-01, with the overrides given. */
export function runRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  const sourceId = overrides.sourceId ?? 'payer-a';
  const startedAt = overrides.startedAt ?? '2026-01-01T00:00:00.000Z';
  return {
    id: newRunId(new Date(startedAt)),
    sourceId,
    sourceUrl: `https://${sourceId}.example/fhir`,
    mode: 'full',
    status: 'succeeded',
    startedAt,
    finishedAt: null,
    reason: null,
    complete: true,
    types: {},
    totals: emptyCounters(),
    probe: null,
    requestsPerResource: 0,
    quarantine: [],
    repairs: [],
    ...overrides,
  };
}
