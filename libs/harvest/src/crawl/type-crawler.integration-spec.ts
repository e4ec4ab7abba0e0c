import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bundle, FhirClient, type FhirResource, type PlanNetType } from '@pds/fhir';
import { FileResourceStore } from '@pds/store';
import { searchset, startBundleServer, startFaultProxy, startTestFhirServer, type BundleServer } from '@pds/testing';
import type { RepairedResource, TypeRunRecord } from '../run/run-record';
import { TypeCrawler } from './type-crawler';

const PAGE_SIZE = 2;
const FIRST_PAGE = `/Location?_count=${PAGE_SIZE}`;
const client = new FhirClient({ allowPrivateTargets: true, timeoutMs: 5_000, retries: 1, backoffMs: 1 });
const resource = (resourceType: PlanNetType, id: string, extra: Record<string, unknown> = {}): FhirResource => ({
  resourceType,
  id,
  ...extra,
});
const location = (id: string, extra: Record<string, unknown> = {}) => resource('Location', id, extra);

describe('TypeCrawler', () => {
  let root: string;
  let store: FileResourceStore;
  const servers: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pds-type-crawler-'));
    store = new FileResourceStore(root);
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  /** A crafted server; `pages` gets its base URL and maps `/Type?query` to the Bundle answered. */
  async function serve(pages: (baseUrl: string) => Record<string, Bundle>): Promise<BundleServer> {
    const server = await startBundleServer(pages);
    servers.push(server);
    return server;
  }

  /** Crawls one type into a pass of `source` and commits it; a failed crawl aborts the pass. */
  async function crawl(source: string, type: PlanNetType = 'Location'): Promise<TypeRunRecord> {
    const pass = await store.beginPass(source);
    try {
      const report = await new TypeCrawler(client, source).crawl(type, pass, { startUrl: `${source}/${type}?_count=${PAGE_SIZE}` });
      await pass.commit();
      return report;
    } catch (error) {
      await pass.abort();
      throw error;
    }
  }

  async function storedIds(source: string, type: PlanNetType = 'Location'): Promise<string[]> {
    const ids: string[] = [];
    for await (const batch of store.scan(source, type)) ids.push(...batch.map((r) => r.id));
    return ids.sort();
  }

  it('follows next links to the last page and stores every resource without its narrative', async () => {
    const narrative = { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Site</div>' };
    const published = ['l1', 'l2', 'l3', 'l4', 'l5'].map((id) => location(id, { name: `Site ${id}`, text: narrative }));
    const server = await startTestFhirServer({ resources: published });
    servers.push(server);

    const report = await crawl(server.baseUrl);

    expect(report).toMatchObject({ resources: 5, pages: 3, requests: 3, retries: 0, quarantined: 0, serverTotal: 5, complete: true });
    expect(report.bytes).toBeGreaterThan(0);
    expect(report.bytes).toBeGreaterThan(0);
    expect(server.requests).toEqual([
      `/fhir${FIRST_PAGE}`,
      `/fhir${FIRST_PAGE}&_offset=2`,
      `/fhir${FIRST_PAGE}&_offset=4`,
    ]);
    const stored = await store.getMany(server.baseUrl, 'Location', ['l1', 'l2', 'l3', 'l4', 'l5']);
    expect(stored.map((r) => r && 'text' in r)).toEqual([false, false, false, false, false]);
    expect(stored.map((r) => r?.name)).toEqual(published.map((r) => r.name));
  });

  it('records a fullUrl other than {base}/{Type}/{id} as an alias of Type/id', async () => {
    const server = await serve((base) => ({
      [FIRST_PAGE]: searchset(base, [
        { fullUrl: 'urn:uuid:2f6f6c1e-5d59-4b0e-9a43-1f3f7b1c0a11', resource: location('l1') },
        { fullUrl: 'https://old-host.example/fhir/Location/l2', resource: location('l2') },
        location('l3'),
      ]),
    }));

    await crawl(server.baseUrl);

    expect(await store.resolveAlias(server.baseUrl, 'urn:uuid:2f6f6c1e-5d59-4b0e-9a43-1f3f7b1c0a11')).toBe('Location/l1');
    expect(await store.resolveAlias(server.baseUrl, 'https://old-host.example/fhir/Location/l2')).toBe('Location/l2');
    expect(await store.resolveAlias(server.baseUrl, `${server.baseUrl}/Location/l3`)).toBeNull();
  });

  it.each([410, 404] as const)(
    'crawls a type again from its first page when a saved next link has expired (%i), keeping what the pass holds',
    async (expired) => {
      const server = await startTestFhirServer({ resources: ['l1', 'l2', 'l3', 'l4', 'l5'].map((id) => location(id)) });
      servers.push(server);
      const proxy = await startFaultProxy({ target: server.baseUrl, faults: {}, opaquePaging: { expired } });
      servers.push(proxy);
      const firstUrl = `${proxy.baseUrl}/Location?_count=${PAGE_SIZE}`;
      const pass = await store.beginPass(proxy.baseUrl);
      await pass.put([location('l1'), location('l2')]);

      const report = await new TypeCrawler(client, proxy.baseUrl).crawl('Location', pass, {
        startUrl: `${proxy.baseUrl}?_getpages=forgotten&_getpagesoffset=2&_count=${PAGE_SIZE}`,
        firstUrl,
      });
      await pass.commit();

      expect(report).toMatchObject({ resources: 5, pages: 3, serverTotal: 5, complete: true, cursorExpired: 1 });
      expect(report.requests).toBe(4);
      expect(report.cursorExpiredReason).toMatch(new RegExp(`^Location: HTTP ${expired} .*_getpages=forgotten.*crawled again from its first page$`));
      expect(await storedIds(proxy.baseUrl)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5']);
    },
  );

  it('fails when the first page itself is gone, rather than starting over and over', async () => {
    const server = await serve(() => ({}));
    const firstUrl = `${server.baseUrl}/Location?_count=${PAGE_SIZE}`;
    const pass = await store.beginPass(server.baseUrl);

    await expect(new TypeCrawler(client, server.baseUrl).crawl('Location', pass, { startUrl: firstUrl, firstUrl })).rejects.toThrow(/404/);
    await pass.abort();
  });

  it('refuses a next link to another origin, without requesting it', async () => {
    const other = await serve((base) => ({ '/Location?page=2': searchset(base, [location('l2')]) }));
    const nextUrl = `${other.baseUrl}/Location?page=2`;
    const server = await serve((base) => ({ [FIRST_PAGE]: searchset(base, [location('l1')], { next: nextUrl }) }));

    const failure = crawl(server.baseUrl);

    await expect(failure).rejects.toMatchObject({ failure: 'refused-link', url: nextUrl });
    await expect(failure).rejects.toThrow("leaves the source's origin");
    expect(other.requests).toEqual([]);
  });

  it('refuses a next link that loops back to a page already fetched', async () => {
    const server = await serve((base) => ({
      [FIRST_PAGE]: searchset(base, [location('l1')], { next: `${base}/Location?page=2` }),
      '/Location?page=2': searchset(base, [location('l2')], { next: `${base}${FIRST_PAGE}` }),
    }));

    const failure = crawl(server.baseUrl);

    await expect(failure).rejects.toMatchObject({ failure: 'refused-link' });
    await expect(failure).rejects.toThrow('loops back');
    expect(server.requests).toEqual([`/fhir${FIRST_PAGE}`, '/fhir/Location?page=2']);
  });

  it('fails when the pages end before Bundle.total', async () => {
    const server = await serve((base) => ({
      [FIRST_PAGE]: searchset(base, [location('l1'), location('l2')], { total: 5, next: `${base}/Location?page=2` }),
      '/Location?page=2': searchset(base, [location('l3')]),
    }));

    await expect(crawl(server.baseUrl)).rejects.toMatchObject({
      message: expect.stringContaining('the server reported 5 resources but the pages ended after 3'),
    });
    expect(server.requests).toHaveLength(2);
  });

  it('quarantines entries without an id or of another type, and goes on to the next page', async () => {
    const server = await serve((base) => ({
      [FIRST_PAGE]: searchset(
        base,
        [
          location('l1'),
          { fullUrl: 'urn:uuid:no-id', resource: { resourceType: 'Location' } as FhirResource },
          { resource: location('') },
          { resource: resource('Organization', 'o1') },
          { fullUrl: `${base}/Location/l9` }, // no resource at all
        ],
        { total: 6, next: `${base}/Location?page=2` },
      ),
      '/Location?page=2': searchset(base, [location('l2')]),
    }));

    const report = await crawl(server.baseUrl);

    // Quarantined entries count toward Bundle.total: the crawl is complete.
    expect(report).toMatchObject({ resources: 2, quarantined: 4, pages: 2, serverTotal: 6 });
    expect(await storedIds(server.baseUrl)).toEqual(['l1', 'l2']);
    expect(await storedIds(server.baseUrl, 'Organization')).toEqual([]);
  });

  it('stores repaired entries as repaired, counts them, and tells who listens', async () => {
    const server = await serve((base) => ({
      [FIRST_PAGE]: searchset(base, [location('l1', { address: { postalCode: 6510 } }), location('l2')], {
        total: 3,
        next: `${base}/Location?page=2`,
      }),
      '/Location?page=2': searchset(base, [location('l3', { identifier: { value: 'x' } })]),
    }));
    const repaired: RepairedResource[] = [];
    const pass = await store.beginPass(server.baseUrl);
    const report = await new TypeCrawler(client, server.baseUrl).crawl('Location', pass, {
      startUrl: `${server.baseUrl}${FIRST_PAGE}`,
      onRepair: (entry) => repaired.push(entry),
    });
    await pass.commit();

    expect(report).toMatchObject({ resources: 3, repaired: 2, quarantined: 0, complete: true });
    expect(repaired.map((entry) => [entry.id, entry.reasons.length])).toEqual([['l1', 1], ['l3', 1]]);
    const stored = [];
    for await (const batch of store.scan(server.baseUrl, 'Location')) stored.push(...batch);
    expect(stored.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      location('l1', { address: { postalCode: '06510' } }),
      location('l2'),
      location('l3', { identifier: [{ value: 'x' }] }),
    ]);
  });

  it('skips entries included by _include and search outcomes', async () => {
    const server = await serve((base) => ({
      [FIRST_PAGE]: searchset(
        base,
        [
          location('l1'),
          { fullUrl: `${base}/Organization/o1`, resource: resource('Organization', 'o1'), search: { mode: 'include' } },
          { fullUrl: `${base}/Location/l0`, resource: location('l0'), search: { mode: 'include' } },
          { resource: { resourceType: 'OperationOutcome', id: 'warn' }, search: { mode: 'outcome' } },
        ],
        { total: 1 },
      ),
    }));

    const report = await crawl(server.baseUrl);

    expect(report).toMatchObject({ resources: 1, quarantined: 0 });
    expect(await storedIds(server.baseUrl)).toEqual(['l1']);
    expect(await storedIds(server.baseUrl, 'Organization')).toEqual([]);
  });

  it('stores a resource served on two pages once, and counts its repair once', async () => {
    const l2 = location('l2', { address: { postalCode: 6510 } });
    const server = await serve((base) => ({
      [FIRST_PAGE]: searchset(base, [location('l1'), l2], { total: 3, next: `${base}/Location?page=2` }),
      '/Location?page=2': searchset(base, [l2, location('l3')]),
    }));

    const report = await crawl(server.baseUrl);

    expect(report).toMatchObject({ resources: 3, repaired: 1, pages: 2 });
    expect(await storedIds(server.baseUrl)).toEqual(['l1', 'l2', 'l3']);
  });
});
