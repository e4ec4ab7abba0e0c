import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@pds/config';
import { FhirClient, type FhirResource, PLAN_NET_TYPES } from '@pds/fhir';
import { FileResourceStore, FileStateStore } from '@pds/store';
import { type TestHttpServer, sendJson, startTestHttpServer } from '@pds/testing/http';
import { RunRecordStore } from './run-record-store';
import { adHocSettings } from './ad-hoc-settings';
import { RunCrawler } from './run-crawler';

/** A CapabilityStatement advertising `interactions` and `operations` on every Plan-Net type. */
function capabilities(interactions: string[], operations: string[] = []) {
  return {
    resourceType: 'CapabilityStatement',
    rest: [
      {
        mode: 'server',
        operation: operations.map((name) => ({ name, definition: `http://hl7.org/fhir/uv/bulkdata/OperationDefinition/${name}` })),
        resource: PLAN_NET_TYPES.map((type) => ({
          type,
          interaction: interactions.map((code) => ({ code })),
          searchParam: [{ name: '_lastUpdated' }],
        })),
      },
    ],
  };
}

const location = (id: string, name: string): FhirResource => ({ resourceType: 'Location', id, name });

describe('incremental runs by _history and by $export', () => {
  let root: string;
  let store: FileResourceStore;
  let runner: RunCrawler;
  let server: TestHttpServer;
  let phase: 'full' | 'changes' = 'full';

  async function start(handler: Parameters<typeof startTestHttpServer>[0]) {
    server = await startTestHttpServer(handler);
    return `${server.origin}/fhir`;
  }

  beforeEach(async () => {
    phase = 'full';
    root = await mkdtemp(join(tmpdir(), 'pds-incremental-'));
    store = new FileResourceStore(join(root, 'resources'));
    const state = new FileStateStore(join(root, 'state'));
    runner = new RunCrawler({
      store,
      state,
      records: new RunRecordStore(state),
      logger: createLogger('silent'),
      clientFor: () => new FhirClient({ allowPrivateTargets: true, timeoutMs: 5_000, retries: 0 }),
    });
  });

  afterEach(async () => {
    await server?.close();
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  /** The full pass both servers answer: two Locations, every other type empty. */
  function fullPage(url: URL, base: string): object | null {
    const type = url.pathname.split('/')[2];
    if (url.pathname.endsWith('/_history') || url.search.includes('_lastUpdated')) return null;
    const entries = type === 'Location' ? [location('l1', 'First'), location('l2', 'Second')] : [];
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: entries.length,
      entry: entries.map((resource) => ({ fullUrl: `${base}/${type}/${resource.id}`, resource })),
    };
  }

  it('applies _history versions newest first, including deletions', async () => {
    const base = await start((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/fhir/metadata') return sendJson(res, capabilities(['search-type', 'history-type']));
      const page = fullPage(url, '');
      if (page) return sendJson(res, page);
      const history = url.pathname === '/fhir/Location/_history' && phase === 'changes'
        ? [
            { request: { method: 'DELETE', url: 'Location/l2' } },
            { request: { method: 'PUT', url: 'Location/l1' }, resource: location('l1', 'Renamed') },
            { request: { method: 'PUT', url: 'Location/l1' }, resource: location('l1', 'Older version') },
            { request: { method: 'PUT', url: 'Location/l2' }, resource: location('l2', 'Before deletion') },
          ]
        : [];
      sendJson(res, { resourceType: 'Bundle', type: 'history', total: history.length, entry: history });
    });
    const settings = adHocSettings(base, { requestsPerSecond: 100 });
    expect(await runner.run(settings, null)).toMatchObject({ mode: 'full', status: 'succeeded' });
    phase = 'changes';

    const run = await runner.run(settings, null);

    expect(run).toMatchObject({ mode: 'history', status: 'succeeded', totals: { updated: 1, deleted: 1 } });
    expect(server.requests.some((request) => /^\/fhir\/Location\/_history\?_since=/.test(request))).toBe(true);
    expect(await store.getMany(base, 'Location', ['l1', 'l2'])).toEqual([location('l1', 'Renamed'), null]);
  });

  it('runs $export with _since: kick-off, polling with Retry-After, NDJSON download (repaired) and deletions', async () => {
    let polls = 0;
    const hours = (allDay: unknown) => ({ hoursOfOperation: [{ daysOfWeek: ['mon'], allDay }] });
    const exported = { ...location('l1', 'Exported'), ...hours('true') };
    const base = await start((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const origin = `http://${req.headers.host}`;
      if (url.pathname === '/fhir/metadata') return sendJson(res, capabilities(['search-type'], ['export']));
      if (url.pathname === '/fhir/$export') {
        expect(req.headers.prefer).toBe('respond-async');
        expect(url.searchParams.get('_since')).toBeTruthy();
        return res.writeHead(202, { 'content-location': `${origin}/export-status/1` }).end();
      }
      if (url.pathname === '/export-status/1') {
        if (++polls < 2) return res.writeHead(202, { 'retry-after': '0', 'x-progress': 'working' }).end();
        return sendJson(res, {
          transactionTime: new Date().toISOString(),
          output: [{ type: 'Location', url: `${origin}/files/Location.ndjson` }],
          deleted: [{ type: 'Bundle', url: `${origin}/files/deleted.ndjson` }],
          error: [],
        });
      }
      if (url.pathname === '/files/Location.ndjson') {
        return res.writeHead(200, { 'content-type': 'application/fhir+ndjson' }).end(`${JSON.stringify(exported)}\n`);
      }
      if (url.pathname === '/files/deleted.ndjson') {
        const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'DELETE', url: 'Location/l2' } }] };
        return res.writeHead(200, { 'content-type': 'application/fhir+ndjson' }).end(`${JSON.stringify(bundle)}\n`);
      }
      const page = fullPage(url, `${origin}/fhir`);
      return page ? sendJson(res, page) : sendJson(res, { resourceType: 'OperationOutcome' }, 404);
    });
    const settings = adHocSettings(base, { requestsPerSecond: 100 });
    await runner.run(settings, null);
    phase = 'changes';

    const run = await runner.run(settings, null);

    expect(run).toMatchObject({ mode: 'export', status: 'succeeded', totals: { updated: 1, deleted: 1, repaired: 1 } });
    expect(run.repairs).toEqual([
      { type: 'Location', id: 'l1', reasons: ['Location.hoursOfOperation[0].allDay was the string "true"; FHIR wants a boolean: made true'] },
    ]);
    expect(polls).toBe(2);
    expect(await store.getMany(base, 'Location', ['l1', 'l2'])).toEqual([{ ...location('l1', 'Exported'), ...hours(true) }, null]);
  });
});
