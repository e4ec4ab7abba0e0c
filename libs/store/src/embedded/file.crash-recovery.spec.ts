// The very object the store's fs/promises imports resolve to, so spying on it injects failures.
import { promises as fsPromises } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { FhirResource } from '@pds/fhir';
import { FileResourceStore } from './file.resource-store';

/** Above the largest pid_max Linux allows, so never a live process. */
const DEAD_PID = 2 ** 22 + 1;

const organization = (id: string, v: number): FhirResource => ({ resourceType: 'Organization', id, v });

async function commit(store: FileResourceStore, resources: FhirResource[]): Promise<void> {
  const pass = await store.beginPass('acme');
  await pass.put(resources);
  await pass.commit();
}

describe('FileResourceStore crash recovery', () => {
  let root: string;
  let main: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pds-file-crash-'));
    main = join(root, 'acme');
    await commit(new FileResourceStore(root), [organization('o1', 1)]);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
  });

  it('deletes a dead process’s staging dir on open and keeps a live one’s', async () => {
    const dead = join(root, `acme.pass-${DEAD_PID}-0a1b`);
    const live = join(root, `acme.pass-${process.pid}-2c3d`);
    for (const dir of [dead, live]) {
      await mkdir(dir);
      await writeFile(join(dir, 'Organization.ndjson'), JSON.stringify(organization('o1', 9)) + '\n');
    }

    const store = new FileResourceStore(root);

    expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([organization('o1', 1)]);
    expect((await readdir(root)).sort()).toEqual(['acme', `acme.pass-${process.pid}-2c3d`]);
  });

  it('restores the previous generation on open when a crash left it aside and no main dir', async () => {
    await rename(main, join(root, 'acme.old-5e6f'));
    await mkdir(join(root, `acme.pass-${DEAD_PID}-0a1b`));

    const store = new FileResourceStore(root);

    expect(await store.sources()).toEqual(['acme']);
    expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([organization('o1', 1)]);
    expect(await readdir(root)).toEqual(['acme']);
  });

  it('drops an aside dir left after a finished swap before the next commit', async () => {
    const store = new FileResourceStore(root);
    await store.sources();
    await cp(main, join(root, 'acme.old-5e6f'), { recursive: true });

    await commit(store, [organization('o2', 2)]);

    expect(await store.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([null, organization('o2', 2)]);
    expect(await readdir(root)).toEqual(['acme']);
  });

  it('puts the old dir back when the new one cannot be renamed in', async () => {
    const store = new FileResourceStore(root);
    const pass = await store.beginPass('acme');
    await pass.put([organization('o2', 2)]);
    const realRename = fsPromises.rename;
    jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      if (String(from).includes('.pass-')) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      return realRename(from, to);
    });

    await expect(pass.commit()).rejects.toThrow('EIO');
    await pass.abort();

    expect(await store.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([organization('o1', 1), null]);
    expect(await readdir(root)).toEqual(['acme']);
  });

  it('restores the old dir when a commit dies between its two renames', async () => {
    const store = new FileResourceStore(root);
    const pass = await store.beginPass('acme');
    await pass.put([organization('o2', 2)]);
    const realRename = fsPromises.rename;
    let renames = 0;
    // Only the first rename (main → aside) happens, as if the process died right after it.
    jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      if (++renames > 1) throw Object.assign(new Error('crashed'), { code: 'EIO' });
      return realRename(from, to);
    });
    await expect(pass.commit()).rejects.toThrow('crashed');
    jest.restoreAllMocks();
    expect((await readdir(root)).filter((name) => name === 'acme')).toEqual([]);

    const reopened = new FileResourceStore(root);

    expect(await reopened.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([organization('o1', 1), null]);
    await pass.abort();
    expect(await readdir(root)).toEqual(['acme']);
  });

  it('breaks a lock left by a dead process', async () => {
    await writeFile(join(root, 'acme.lock'), String(DEAD_PID));
    const store = new FileResourceStore(root);

    await commit(store, [organization('o2', 2)]);

    expect(await store.getMany('acme', 'Organization', ['o2'])).toEqual([organization('o2', 2)]);
    expect(await readdir(root)).toEqual(['acme']);
  });

  it('waits for a lock held by a live process before committing', async () => {
    const lock = join(root, 'acme.lock');
    await writeFile(lock, String(process.pid));
    const store = new FileResourceStore(root);
    const pass = await store.beginPass('acme');
    await pass.put([organization('o2', 2)]);

    const committed = pass.commit();
    await delay(100);
    expect(await store.getMany('acme', 'Organization', ['o2'])).toEqual([null]);
    await rm(lock);
    await committed;

    expect(await store.getMany('acme', 'Organization', ['o2'])).toEqual([organization('o2', 2)]);
  });

  it('has a reader wait out another process’s swap instead of answering that the source is gone', async () => {
    const store = new FileResourceStore(root);
    await store.sources();
    // Another process holds the lock and has moved the main dir aside.
    const lock = join(root, 'acme.lock');
    const aside = join(root, 'acme.old-5e6f');
    await writeFile(lock, String(process.pid));
    await rename(main, aside);

    const read = store.getMany('acme', 'Organization', ['o1']);
    await delay(100);
    await rename(aside, main);
    await rm(lock);

    expect(await read).toEqual([organization('o1', 1)]);
  });
});
