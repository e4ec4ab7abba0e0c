import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@pds/config';
import { FhirClient, PLAN_NET_TYPES } from '@pds/fhir';
import { FileResourceStore, FileStateStore } from '@pds/store';
import { endlessNextPage, sendJson, startTestHttpServer, type TestHttpServer } from '@pds/testing/http';
import { RunRecordStore } from './run-record-store';
import { runRecord } from '@pds/harvest/testing';
import type { SourceSettings } from '../sources/source-settings';
import { adHocSettings } from './ad-hoc-settings';
import { RunCrawler } from './run-crawler';

/** A source without /metadata whose Location pages go on for ever once `endless` is set. */
async function endlessSource(state: { endless: boolean; total?: number }): Promise<TestHttpServer> {
  return startTestHttpServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const type = url.pathname.split('/')[2];
    if (!PLAN_NET_TYPES.includes(type as never)) return sendJson(res, { resourceType: 'OperationOutcome' }, 404);
    if (type === 'Location' && state.endless) {
      return endlessNextPage(res, `http://${req.headers.host}`, type, Number(url.searchParams.get('page') ?? 1), state.total);
    }
    const entry = type === 'Location' ? [{ resource: { resourceType: 'Location', id: 'kept' } }] : [];
    sendJson(res, { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry });
  });
}

describe('a run that would never end', () => {
  let root: string;
  let store: FileResourceStore;
  let state: FileStateStore;
  let runner: RunCrawler;
  let server: TestHttpServer;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pds-run-limits-'));
    store = new FileResourceStore(join(root, 'resources'));
    state = new FileStateStore(join(root, 'state'));
    runner = new RunCrawler({
      store,
      state,
      records: new RunRecordStore(state),
      logger: createLogger('silent'),
      clientFor: (settings, _governor, deadline) =>
        new FhirClient({ allowPrivateTargets: true, timeoutMs: settings.timeoutMs, retries: 0, deadline }),
    });
  });

  afterEach(async () => {
    await server.close();
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  const stored = async (source: string) => {
    const ids: string[] = [];
    for await (const batch of store.scan(source, 'Location')) ids.push(...batch.map((resource) => resource.id));
    return ids;
  };

  it('fails after Bundle.total + 10 pages of endless distinct next links, deleting nothing', async () => {
    const source = { endless: false, total: 3 };
    server = await endlessSource(source);
    const settings: SourceSettings = adHocSettings(`${server.origin}/fhir`, { requestsPerSecond: 100 });
    expect(await runner.run(settings, 'full')).toMatchObject({ status: 'succeeded' });
    source.endless = true;

    const run = await runner.run(settings, 'full');

    expect(run.status).toBe('failed');
    expect(run.reason).toContain('Location: stopped after 13 pages: the server reported 3 resources, so more than 13 pages cannot be right');
    expect(server.requests.filter((request) => request.startsWith('/fhir/Location')).length).toBe(1 + 13);
    expect(await stored(settings.baseUrl)).toEqual(['kept']);
  });

  it('fails after maxPagesPerType pages when the server gives no total', async () => {
    server = await endlessSource({ endless: true });
    const settings = { ...adHocSettings(`${server.origin}/fhir`, { requestsPerSecond: 100 }), maxPagesPerType: 25 };

    const run = await runner.run(settings, 'full');

    expect(run).toMatchObject({ status: 'failed', reason: expect.stringContaining('Location: stopped after 25 pages: more than 25 pages (maxPagesPerType)') });
    expect(await store.sources()).toEqual([]);
  });

  it("fails a resumed run whose start is older than maxRunMinutes instead of fetching again (no crash loop)", async () => {
    server = await endlessSource({ endless: false });
    const settings = { ...adHocSettings(`${server.origin}/fhir`, { requestsPerSecond: 100 }), maxRunMinutes: 1 };
    const pass = await store.beginPass(settings.baseUrl);
    const startedAt = new Date(Date.now() - 2 * 60_000).toISOString();
    // What a worker killed mid-run leaves: a checkpoint of a run started two minutes ago.
    await state.set(`checkpoints/${settings.id}`, {
      record: runRecord({ id: 'r-killed', sourceId: settings.id, sourceUrl: settings.baseUrl, status: 'running', startedAt, complete: false }),
      plan: { mode: 'full', since: null, reason: 'a full pass' },
      passId: pass.id,
      serverStart: startedAt,
      positions: {},
    });

    const run = await runner.run(settings, 'full');

    expect(run).toMatchObject({ id: 'r-killed', status: 'failed', reason: expect.stringContaining("the run's 1-minute limit (maxRunMinutes) passed") });
    expect(server.requests).toEqual([]);
    expect(await runner.interrupted()).toEqual([]);
  });
});
