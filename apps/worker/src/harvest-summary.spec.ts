import { type RunRecord, type TypeRunRecord, emptyCounters } from '@pds/harvest';
import { formatHarvestSummary } from './harvest-summary';

const counters = (overrides: Partial<TypeRunRecord>): TypeRunRecord => ({
  ...emptyCounters(),
  complete: true,
  serverTotal: null,
  cursorExpired: 0,
  cursorExpiredReason: null,
  ...overrides,
});

const run: RunRecord = {
  id: 'run-1',
  sourceId: 'payer-a',
  sourceUrl: 'https://payer-a.example/fhir',
  mode: 'full',
  status: 'succeeded',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:02.000Z',
  reason: null,
  complete: true,
  types: {
    Organization: counters({ resources: 193, pages: 1, requests: 1, repaired: 118 }),
    Location: counters({
      resources: 658,
      pages: 3,
      requests: 3,
      quarantined: 1,
      cursorExpired: 1,
      cursorExpiredReason: 'Location: HTTP 410 Gone: the server no longer knows this URL (https://payer-a.example/fhir?_getpages=x); crawled again from its first page',
    }),
  },
  totals: { ...emptyCounters(), seconds: 2, repaired: 118, quarantined: 1 },
  probe: null,
  requestsPerResource: 0,
  quarantine: [{ type: 'Location', id: 'l9', reason: 'Location.address.postalCode is the number 1234567890, which no US ZIP can be' }],
  repairs: ['o1:426637', 'o2:636437', 'o3:519039'].map((sample) => {
    const [id, value] = sample.split(':');
    const reasons = [`Organization.identifier[1].value was the number ${value}; FHIR wants a string: made "${value}"`];
    return { type: 'Organization', id, reasons: id === 'o2' ? [...reasons, 'and more'] : reasons };
  }),
};

describe('formatHarvestSummary', () => {
  it('shows repaired and quarantined resources per type, then a sample of each with reasons', () => {
    const summary = formatHarvestSummary({ runs: [run], indexUpdates: [], documentsIndexed: 10, seconds: 3 });

    expect(summary.split('\n')).toEqual([
      'OK     https://payer-a.example/fhir (full, 2.0 s, run run-1)',
      '  Organization                  193 resources in 1 pages, 1 requests, 118 repaired',
      '  Location                      658 resources in 3 pages, 3 requests, 1 quarantined, 1 expired cursor',
      '    expired cursor: Location: HTTP 410 Gone: the server no longer knows this URL (https://payer-a.example/fhir?_getpages=x); crawled again from its first page',
      '  changes: 0 added, 0 updated, 0 unchanged, 0 deleted',
      '  repaired Organization/o1: Organization.identifier[1].value was the number 426637; FHIR wants a string: made "426637"',
      '  repaired Organization/o2: Organization.identifier[1].value was the number 636437; FHIR wants a string: made "636437"; and more',
      '  quarantined Location/l9: Location.address.postalCode is the number 1234567890, which no US ZIP can be',
      'index: 10 documents (0 provider roles rebuilt)',
      'total: 3.0 s',
      '',
    ]);
  });
});
