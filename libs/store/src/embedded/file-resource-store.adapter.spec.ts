import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FhirResource } from '@pds/fhir';
import { describeResourceStoreChangesContract } from '../resource-store-changes.contract';
import { describeResourceStoreContract, type OpenedStore } from '../resource-store.contract';
import { FileResourceStore } from './file-resource-store.adapter';

const organization = (id: string, v: number): FhirResource => ({ resourceType: 'Organization', id, v });

async function tempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'pds-file-store-'));
}

async function openFileStore(): Promise<OpenedStore> {
  const root = await tempRoot();
  const stores = [new FileResourceStore(join(root, 'store'))];
  return {
    store: stores[0],
    reopen: async () => stores[stores.push(new FileResourceStore(join(root, 'store'))) - 1],
    cleanup: async () => {
      await Promise.all(stores.map((store) => store.close()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

describeResourceStoreContract('FileResourceStore', openFileStore);
describeResourceStoreChangesContract('FileResourceStore', openFileStore);

describe('FileResourceStore instances sharing a root, as processes do', () => {
  let root: string;
  beforeEach(async () => (root = await tempRoot()));
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('serves another instance’s commit on the next read', async () => {
    const api = new FileResourceStore(root);
    const cli = new FileResourceStore(root);
    const first = await cli.beginPass('acme');
    await first.put([organization('o1', 1), organization('o2', 1)]);
    await first.commit();
    expect(await api.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([organization('o1', 1), organization('o2', 1)]);

    const second = await cli.beginPass('acme');
    await second.put([organization('o1', 2)]);
    await second.commit();

    expect(await api.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([organization('o1', 2), null]);
    expect(await api.counts('acme')).toEqual({ Organization: 1 });
  });

  it('serializes concurrent commits of one source: one pass wins whole, nothing is left behind', async () => {
    const stores = [new FileResourceStore(root), new FileResourceStore(root), new FileResourceStore(root)];
    const passes = await Promise.all(stores.map((store) => store.beginPass('acme')));
    await Promise.all(passes.map((pass, i) => pass.put([organization(`only-${i}`, i), organization('shared', i)])));

    await Promise.all(passes.map((pass) => pass.commit()));

    const [shared] = await stores[0].getMany('acme', 'Organization', ['shared']);
    const winner = shared!.v as number;
    const scanned = [];
    for await (const batch of stores[0].scan('acme', 'Organization')) scanned.push(...batch);
    expect(scanned.map((r) => r.id).sort()).toEqual([`only-${winner}`, 'shared']);
    expect(await readdir(root)).toEqual(['acme', 'acme.journal']);
  });

  it('finishes a scan begun before another instance replaced the source: the old generation, read from its removed files', async () => {
    const api = new FileResourceStore(root);
    const cli = new FileResourceStore(root);
    const first = await cli.beginPass('acme');
    await first.put([organization('o1', 1), organization('o2', 1), organization('o3', 1)]);
    await first.commit();
    const scan = api.scan('acme', 'Organization', 1)[Symbol.asyncIterator]();
    expect((await scan.next()).value).toEqual([organization('o1', 1)]);

    const second = await cli.beginPass('acme');
    await second.put([organization('o9', 2)]);
    await second.commit();

    expect((await scan.next()).value).toEqual([organization('o2', 1)]);
    expect((await scan.next()).value).toEqual([organization('o3', 1)]);
    expect(await api.getMany('acme', 'Organization', ['o1', 'o9'])).toEqual([null, organization('o9', 2)]);
  });

  it('fails a scan still running when the store is closed, and serves again after', async () => {
    const store = new FileResourceStore(root);
    const pass = await store.beginPass('acme');
    await pass.put([organization('o1', 1), organization('o2', 1)]);
    await pass.commit();
    const scan = store.scan('acme', 'Organization', 1)[Symbol.asyncIterator]();
    await scan.next();

    await store.close();

    await expect(scan.next()).rejects.toThrow(/was closed/);
    expect(await store.getMany('acme', 'Organization', ['o2'])).toEqual([organization('o2', 1)]);
  });
});
