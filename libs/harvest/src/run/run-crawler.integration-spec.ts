import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@pds/config';
import { type Bundle, FhirClient, type FhirResource, PLAN_NET_TYPES, type PlanNetType } from '@pds/fhir';
import { FileResourceStore, FileStateStore } from '@pds/store';
import {
  type BundleServer,
  type TestFhirServer,
  planNetDataDir,
  readNdjsonDirectory,
  searchset,
  startBundleServer,
  startTestFhirServer,
} from '@pds/testing';
import type { Resource } from '@medplum/fhirtypes';
import { RunRecordStore } from './run-record-store';
import type { RunRecord } from './run-record';
import { adHocSettings } from './ad-hoc-settings';
import { RunCrawler } from './run-crawler';

const logger = createLogger('silent');

async function fixture(passTtlSeconds?: number) {
  const root = await mkdtemp(join(tmpdir(), 'pds-source-run-'));
  const store = new FileResourceStore(join(root, 'resources'), { passTtlSeconds });
  const state = new FileStateStore(join(root, 'state'));
  const records = new RunRecordStore(state);
  const runner = new RunCrawler({
    store,
    state,
    records,
    logger,
    clientFor: (settings) => new FhirClient({ allowPrivateTargets: true, timeoutMs: settings.timeoutMs, retries: 1, backoffMs: 1 }),
  });
  return {
    root,
    store,
    state,
    records,
    runner,
    async cleanup() {
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function scanIds(store: FileResourceStore, source: string, type: PlanNetType): Promise<string[]> {
  const ids: string[] = [];
  for await (const batch of store.scan(source, type)) ids.push(...batch.map((resource) => resource.id));
  return ids.sort();
}

describe('RunCrawler over the Plan-Net reference server', () => {
  let server: TestFhirServer;
  let f: Awaited<ReturnType<typeof fixture>>;
  let published: Record<string, FhirResource[]>;
  let first: RunRecord;

  beforeAll(async () => {
    published = await readNdjsonDirectory(planNetDataDir());
    server = await startTestFhirServer({ dataDir: planNetDataDir() });
    f = await fixture();
    first = await f.runner.run(adHocSettings(server.baseUrl, { pageSize: 250, requestsPerSecond: 100 }), null);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await f?.cleanup();
  });

  it('runs a complete full pass first, storing every published resource (the repaired ones too)', async () => {
    expect(first).toMatchObject({ mode: 'full', status: 'succeeded', complete: true, reason: 'no complete full pass yet' });
    for (const type of PLAN_NET_TYPES) {
      const stored = await scanIds(f.store, server.baseUrl, type);
      expect({ type, stored: stored.length }).toEqual({ type, stored: published[type].length });
    }
    expect(first.totals.added).toBe(first.totals.resources);
    expect(await f.records.get(first.sourceId, first.id)).toEqual(first);
  });

  it('probes the source first: its methods, its clock and the page size it really gives, counting the requests', () => {
    expect(first.probe).toMatchObject({
      lastUpdated: true,
      history: false,
      export: false,
      serverTime: expect.any(String),
      requestedPageSize: 250,
      effectivePageSize: 250,
      pageSizeMeasuredAt: expect.any(String),
      pagingChanged: null,
      requests: 2,
    });
    const crawled = Object.values(first.types).reduce((sum, type) => sum + type.requests, 0);
    expect(first.totals.requests).toBe(crawled + 2);
  });

  it('pages a server that caps _count at the size it really gives, and still completes', async () => {
    const capping = await startTestFhirServer({ dataDir: planNetDataDir(), maxCount: 60 });
    const other = await fixture();
    try {
      const record = await other.runner.run(adHocSettings(capping.baseUrl, { pageSize: 250, requestsPerSecond: 100 }), null);

      expect(record).toMatchObject({ status: 'succeeded', complete: true, probe: { requestedPageSize: 250, effectivePageSize: 60 } });
      const [probe, ...crawl] = capping.requests.filter((request) => request.includes('_count='));
      expect(probe).toMatch(/^\/fhir\/PractitionerRole\?_count=250&/);
      expect(crawl.every((request) => request.includes('_count=60'))).toBe(true);
      expect(record.types.PractitionerRole).toMatchObject({ resources: 2007, pages: Math.ceil(2007 / 60) });
    } finally {
      await capping.close();
      await other.cleanup();
    }
  }, 60_000);

  it('measures the page size on a full pass only, reuses it after, and measures again once pages differ from it', async () => {
    const capping = await startTestFhirServer({ dataDir: planNetDataDir(), maxCount: 60 });
    const other = await fixture();
    const settings = adHocSettings(capping.baseUrl, { pageSize: 250, requestsPerSecond: 100 });
    const measurements = () => capping.requests.filter((request) => request.includes('_elements=id')).length;
    try {
      const full = await other.runner.run(settings, null);
      expect(full.probe).toMatchObject({ effectivePageSize: 60, pageSizeMeasuredAt: expect.any(String), pagingChanged: null, requests: 2 });
      expect(measurements()).toBe(1);

      const reused = await other.runner.run(settings, 'incremental');
      expect(reused.probe).toMatchObject({ effectivePageSize: 60, pageSizeMeasuredAt: full.probe!.pageSizeMeasuredAt, requests: 1 });
      expect(measurements()).toBe(1);

      // A measurement the pages contradict (70 a page, where the server gives 60), with a window
      // wide enough to page through every resource again.
      await other.state.set(`page-size/${settings.id}`, { requestedPageSize: 250, effectivePageSize: 70, measuredAt: '2026-01-01T00:00:00.000Z' });
      await other.state.set(`sync/${settings.id}`, { lastSuccessServerStart: '2000-01-01T00:00:00.000Z', lastCompleteFullAt: new Date().toISOString() });
      const contradicted = await other.runner.run(settings, 'incremental');
      expect(contradicted).toMatchObject({ status: 'succeeded', probe: { effectivePageSize: 70, pageSizeMeasuredAt: '2026-01-01T00:00:00.000Z' } });
      expect(contradicted.probe!.pagingChanged).toMatch(/held 60 entries.*measured 70 for _count=250 at 2026-01-01T00:00:00.000Z: the next run measures again$/);

      const remeasured = await other.runner.run(settings, 'incremental');
      expect(remeasured.probe).toMatchObject({ effectivePageSize: 60, pagingChanged: null, requests: 2 });
      expect(measurements()).toBe(2);
    } finally {
      await capping.close();
      await other.cleanup();
    }
  }, 180_000);

  it('repairs and keeps resources with numbers where FHIR wants strings, counting them per type with samples of the reasons', () => {
    expect(first.types.Organization).toMatchObject({ repaired: 118, quarantined: 0 });
    expect(first.types.Practitioner).toMatchObject({ repaired: 4, quarantined: 0 });
    expect(first.totals).toMatchObject({ repaired: 122, quarantined: 0 });
    expect(first.quarantine).toEqual([]);
    const samples = (type: string) => first.repairs.filter((sample) => sample.type === type);
    expect(samples('Organization')).toHaveLength(10);
    expect(samples('Organization')[0]).toEqual({
      type: 'Organization',
      id: expect.any(String),
      reasons: [
        expect.stringMatching(/^Organization\.identifier\[\d+\]\.value was the number (\d+); FHIR wants a string: made "\1"$/),
      ],
    });
    expect(samples('Practitioner').map((sample) => sample.reasons)).toEqual(
      Array(4).fill([
        expect.stringMatching(/^Practitioner\.qualification\[\d+\]\.identifier\[\d+\]\.value was the number (\d+); FHIR wants a string: made "\1"$/),
      ]),
    );
  });

  it('then runs incrementally by _lastUpdated, fetching a small share and updating only what changed', async () => {
    const practitioners = published.Practitioner.slice(0, 3);
    for (const practitioner of practitioners) {
      await server.repository.updateResource({ ...practitioner, gender: 'unknown' } as unknown as Resource);
    }

    const second = await f.runner.run(adHocSettings(server.baseUrl, { pageSize: 250, requestsPerSecond: 100 }), null);

    expect(second).toMatchObject({ mode: 'incremental', status: 'succeeded' });
    expect(second.totals.updated).toBe(3);
    expect(second.totals.deleted).toBe(0);
    expect(second.totals.requests).toBeLessThan(first.totals.requests / 2);
    const [stored] = await f.store.getMany(server.baseUrl, 'Practitioner', [practitioners[0].id]);
    expect(stored?.gender).toBe('unknown');
  });
});

describe('RunCrawler over crafted Bundles', () => {
  let f: Awaited<ReturnType<typeof fixture>>;
  const servers: BundleServer[] = [];

  beforeEach(async () => {
    f = await fixture();
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await f.cleanup();
  });

  /** A first full pass over `before` Locations, then a second after the source drops to `after`. */
  async function passes(before: number, after: number): Promise<{ server: BundleServer; second: RunRecord }> {
    let current = locations(before);
    const server = await source((base) => ({ Location: searchset(base, current) }));
    await run(server);
    current = locations(after);
    return { server, second: await run(server) };
  }

  /** A source without /metadata (so every run is full) answering `pages(base)` per type. */
  async function source(pages: (base: string) => Partial<Record<PlanNetType, Bundle>>): Promise<BundleServer> {
    const server = await startBundleServer((base) => {
      const given = pages(base);
      return Object.fromEntries(
        PLAN_NET_TYPES.map((type) => [`/${type}?_count=100`, given[type] ?? searchset(base, [], { total: 0 })]),
      );
    });
    servers.push(server);
    return server;
  }
  const location = (id: string): FhirResource => ({ resourceType: 'Location', id });
  const locations = (count: number) => Array.from({ length: count }, (_, i) => location(`l${i}`));
  const run = (server: BundleServer, mode: 'full' | null = 'full') =>
    f.runner.run(adHocSettings(server.baseUrl, { requestsPerSecond: 100 }), mode);

  it('keeps the stored resources when a later pass fails on a next link to another origin', async () => {
    let leave = false;
    const server = await source((base) => ({
      Location: searchset(base, [location('l1')], leave ? { next: 'http://elsewhere.example/fhir/Location?page=2' } : {}),
    }));
    expect(await run(server)).toMatchObject({ status: 'succeeded' });
    leave = true;

    const failed = await run(server);

    expect(failed).toMatchObject({ status: 'failed', complete: false, reason: expect.stringContaining("leaves the source's origin") });
    expect(await scanIds(f.store, server.baseUrl, 'Location')).toEqual(['l1']);
  });

  it('deletes what a complete pass no longer has, within the allowed share', async () => {
    const { server, second } = await passes(100, 99);

    expect(second).toMatchObject({ status: 'succeeded', totals: { deleted: 1, unchanged: 99 } });
    expect((await scanIds(f.store, server.baseUrl, 'Location')).length).toBe(99);
  });

  it('holds a pass that would delete more than the allowed share until an admin decides', async () => {
    const { server, second: held } = await passes(100, 90);

    expect(held).toMatchObject({ status: 'held', totals: { deleted: 10 } });
    expect(held.reason).toMatch(/would delete 10 of 100 resources \(10\.0%\), more than the 2\.0% allowed/);
    expect((await scanIds(f.store, server.baseUrl, 'Location')).length).toBe(100);
    expect((await f.records.held()).map((record) => record.id)).toEqual([held.id]);

    const confirmed = await f.runner.held.confirm(held.sourceId, held.id);

    expect(confirmed).toMatchObject({ status: 'succeeded', totals: { deleted: 10 } });
    expect((await scanIds(f.store, server.baseUrl, 'Location')).length).toBe(90);
    expect(await f.records.held()).toEqual([]);
    await expect(f.runner.held.confirm(held.sourceId, held.id)).rejects.toThrow(/no held run/);
  });

  it('leaves the stored resources as they were when an admin rejects a held pass', async () => {
    const { server, second: held } = await passes(50, 0);
    expect(held.status).toBe('held');

    expect(await f.runner.held.reject(held.sourceId, held.id)).toMatchObject({ status: 'rejected' });
    expect((await scanIds(f.store, server.baseUrl, 'Location')).length).toBe(50);
  });

  it('ends a held run whose staged pass expired as failed, deleting nothing, when an admin confirms it late', async () => {
    await f.cleanup();
    f = await fixture(1);
    const { server, second: held } = await passes(50, 0);
    expect(held.status).toBe('held');
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const late = await f.runner.held.confirm(held.sourceId, held.id);

    expect(late.status).toBe('failed');
    expect(late.reason).toMatch(/staged pass expired before an admin confirmed it; nothing was deleted.*would delete 50 of 50/);
    expect((await scanIds(f.store, server.baseUrl, 'Location')).length).toBe(50);
    expect(await f.records.held()).toEqual([]);
  });

  it('stores nothing of a source whose first pass ends before Bundle.total', async () => {
    const server = await source((base) => ({
      Practitioner: searchset(base, [{ resourceType: 'Practitioner', id: 'p1' }], { total: 2 }),
    }));

    expect(await run(server)).toMatchObject({ status: 'failed', reason: expect.stringContaining('the pages ended after 1') });
    expect(await f.store.sources()).toEqual([]);
  });

  it('resumes an interrupted run from its checkpoint instead of starting again, even one written before repairs were counted', async () => {
    const server = await source((base) => ({
      Organization: searchset(base, [{ resourceType: 'Organization', id: 'o1', name: 'Acme' }]),
      Location: searchset(base, [...locations(3), { ...location('l3'), address: { postalCode: 6510 } }]),
    }));
    const settings = adHocSettings(server.baseUrl, { requestsPerSecond: 100 });
    const healthy = new FhirClient({ allowPrivateTargets: true, timeoutMs: 5_000, retries: 0 });
    // A worker that dies on its first Location page: its run never ends, as under SIGKILL.
    const dying = new RunCrawler({
      store: f.store,
      state: f.state,
      records: f.records,
      logger,
      clientFor: () =>
        Object.assign(Object.create(healthy) as FhirClient, {
          getBundle: (url: string) => (url.includes('/Location') ? new Promise<never>(() => undefined) : healthy.getBundle(url)),
        }),
    });
    void dying.run(settings, 'full');
    // Organization and InsurancePlan come before Location in the crawl order.
    await waitUntil(async () => {
      const checkpoint = await f.state.get<{ positions: Record<string, { done: boolean }> }>(`checkpoints/${settings.id}`);
      return checkpoint?.positions.InsurancePlan?.done === true;
    });
    expect(await f.runner.interrupted()).toEqual([settings.id]);
    await f.state.set(`checkpoints/${settings.id}`, withoutRepairCounts(await f.state.get(`checkpoints/${settings.id}`)));
    const organizationRequests = server.requests.filter((request) => request.startsWith('/fhir/Organization?')).length;

    const resumed = await f.runner.run(settings, 'full');

    expect(resumed).toMatchObject({ status: 'succeeded', complete: true, totals: { repaired: 1 } });
    expect(resumed.types).toMatchObject({ Organization: { repaired: 0 }, Location: { resources: 4, repaired: 1 } });
    expect(resumed.repairs.map((sample) => sample.id)).toEqual(['l3']);
    expect(server.requests.filter((request) => request.startsWith('/fhir/Organization?')).length).toBe(organizationRequests);
    expect(await scanIds(f.store, server.baseUrl, 'Organization')).toEqual(['o1']);
    expect(await scanIds(f.store, server.baseUrl, 'Location')).toEqual(['l0', 'l1', 'l2', 'l3']);
    expect(await f.runner.interrupted()).toEqual([]);
  });
});

/** A checkpoint as a worker that did not count repairs wrote it: no `repaired` counters, no `repairs` sample. */
function withoutRepairCounts(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(withoutRepairCounts);
  if (typeof json !== 'object' || json === null) return json;
  return Object.fromEntries(
    Object.entries(json).flatMap(([key, value]) => (key === 'repaired' || key === 'repairs' ? [] : [[key, withoutRepairCounts(value)]])),
  );
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}
