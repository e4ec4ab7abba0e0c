import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bundle, FhirClient, type FhirResource, PLAN_NET_TYPES, type PlanNetType } from '@pds/fhir';
import { FileResourceStore } from '@pds/store';
import {
  planNetDataDir,
  readNdjsonDirectory,
  searchset,
  startBundleServer,
  startTestFhirServer,
  type BundleServer,
  type TestFhirServer,
} from '@pds/testing';
import { SourceHarvester } from './source.harvester';

const PAGE_SIZE = 250;
const client = new FhirClient({ timeoutMs: 10_000, retries: 1, backoffMs: 1 });

async function tempStore(): Promise<{ store: FileResourceStore; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'pds-source-harvester-'));
  const store = new FileResourceStore(root);
  return { store, remove: () => rm(root, { recursive: true, force: true }) };
}

async function scanAll(store: FileResourceStore, source: string, type: PlanNetType): Promise<FhirResource[]> {
  const resources: FhirResource[] = [];
  for await (const batch of store.scan(source, type)) resources.push(...batch);
  return resources;
}

const byId = (a: FhirResource, b: FhirResource) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** A resource as the store should keep it: no narrative; meta is the server's to add to. */
const comparable = ({ text: _text, meta: _meta, ...rest }: FhirResource) => rest;

describe('SourceHarvester over the Plan-Net reference data', () => {
  let server: TestFhirServer;
  let store: FileResourceStore;
  let removeStore: () => Promise<void>;
  let published: Record<string, FhirResource[]>;
  let report: Awaited<ReturnType<SourceHarvester['harvest']>>;

  beforeAll(async () => {
    published = await readNdjsonDirectory(planNetDataDir());
    server = await startTestFhirServer({ dataDir: planNetDataDir() });
    ({ store, remove: removeStore } = await tempStore());
    report = await new SourceHarvester(store, client, PAGE_SIZE).harvest(server.baseUrl);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await store?.close();
    await removeStore?.();
  });

  it('reports every type crawled to its Bundle.total, nothing quarantined', () => {
    expect(report).toMatchObject({ source: server.baseUrl, ok: true, error: null });
    for (const type of PLAN_NET_TYPES) {
      const count = published[type].length;
      expect({ type, ...report.types[type] }).toMatchObject({
        type,
        resources: count,
        serverTotal: count,
        quarantined: 0,
        pages: Math.ceil(count / PAGE_SIZE),
      });
    }
  });

  it('stores every resource of every type, as published but for the narrative', async () => {
    expect(await store.sources()).toEqual([server.baseUrl]);
    for (const type of PLAN_NET_TYPES) {
      const stored = (await scanAll(store, server.baseUrl, type)).sort(byId);
      const expected = [...published[type]].sort(byId);
      expect(stored.map((r) => r.id)).toEqual(expected.map((r) => r.id));
      expect(stored.map(comparable)).toEqual(expected.map(comparable));
    }
  });

  it('strips every narrative', async () => {
    const withNarrative = Object.values(published)
      .flat()
      .filter((r) => 'text' in r);
    expect(withNarrative.length).toBeGreaterThan(0);
    for (const type of PLAN_NET_TYPES) {
      expect((await scanAll(store, server.baseUrl, type)).filter((r) => 'text' in r)).toEqual([]);
    }
  });
});

describe('SourceHarvester over crafted Bundles', () => {
  let store: FileResourceStore;
  let removeStore: () => Promise<void>;
  const servers: BundleServer[] = [];

  beforeEach(async () => {
    ({ store, remove: removeStore } = await tempStore());
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await store.close();
    await removeStore();
  });

  /** A source answering `pages(base)` for the first page of the types given, an empty searchset for the others. */
  async function source(pages: (base: string) => Partial<Record<PlanNetType, Bundle>>): Promise<BundleServer> {
    const server = await startBundleServer((base) => {
      const given = pages(base);
      return Object.fromEntries(
        PLAN_NET_TYPES.map((type) => [`/${type}?_count=${PAGE_SIZE}`, given[type] ?? searchset(base, [], { total: 0 })]),
      );
    });
    servers.push(server);
    return server;
  }

  const harvest = (server: BundleServer) => new SourceHarvester(store, client, PAGE_SIZE).harvest(server.baseUrl);
  const organization = (id: string, name: string): FhirResource => ({ resourceType: 'Organization', id, name });
  const location = (id: string): FhirResource => ({ resourceType: 'Location', id });

  it('keeps the previous pass when a later harvest fails on a next link to another origin', async () => {
    const elsewhere = await startBundleServer((base) => ({ '/Location?page=2': searchset(base, [location('l2')]) }));
    servers.push(elsewhere);
    let leaveOrigin = false;
    const server = await source((base) => ({
      Organization: searchset(base, [organization('o1', leaveOrigin ? 'second pass' : 'first pass')]),
      Location: searchset(base, [location('l1')], leaveOrigin ? { next: `${elsewhere.baseUrl}/Location?page=2` } : {}),
    }));
    expect(await harvest(server)).toMatchObject({ ok: true });

    leaveOrigin = true;
    const failed = await harvest(server);

    expect(failed.ok).toBe(false);
    expect(failed.error).toContain("leaves the source's origin");
    expect(Object.keys(failed.types)).toEqual(['Organization', 'InsurancePlan']); // failed at Location, stopped there
    expect(elsewhere.requests).toEqual([]);
    expect(await store.getMany(server.baseUrl, 'Organization', ['o1'])).toEqual([organization('o1', 'first pass')]);
    expect(await store.getMany(server.baseUrl, 'Location', ['l1', 'l2'])).toEqual([location('l1'), null]);
  });

  it('replaces the stored resources with a complete pass, dropping those the source no longer has', async () => {
    let secondPass = false;
    const server = await source((base) => ({
      Location: searchset(base, secondPass ? [location('l1')] : [location('l1'), location('l2')]),
    }));
    await harvest(server);

    secondPass = true;
    expect(await harvest(server)).toMatchObject({ ok: true });

    expect(await store.getMany(server.baseUrl, 'Location', ['l1', 'l2'])).toEqual([location('l1'), null]);
    expect(await store.counts(server.baseUrl)).toEqual({ Location: 1 });
  });

  it('stores nothing of a source whose first harvest fails', async () => {
    const server = await source((base) => ({
      Practitioner: searchset(base, [{ resourceType: 'Practitioner', id: 'p1' }], { total: 2 }),
      Organization: searchset(base, [organization('o1', 'acme')]),
    }));

    const failed = await harvest(server);

    expect(failed).toMatchObject({ ok: false, error: expect.stringContaining('the pages ended after 1') });
    expect(await store.sources()).toEqual([]);
  });
});
