// The very object the store's fs/promises imports resolve to, so spying on it injects failures.
import { promises as fsPromises } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { appendFile, cp, mkdtemp, readdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { FhirResource } from '@pds/fhir';
import { UnknownPassError } from '../unknown-pass.error';
import { FileResourceStore } from './file-resource-store.adapter';

/** Above the largest pid_max Linux allows, so never a live process. */
const DEAD_PID = 2 ** 22 + 1;

const organization = (id: string, v: number): FhirResource => ({ resourceType: 'Organization', id, v });

async function commit(store: FileResourceStore, resources: FhirResource[]): Promise<void> {
  const pass = await store.beginPass('acme');
  await pass.put(resources);
  await pass.commit();
}

/** Appends to the named file fail, as if the process died right before them. */
function failAppendsTo(name: string): void {
  const realAppend = fsPromises.appendFile;
  jest.spyOn(fsPromises, 'appendFile').mockImplementation(async (path, data) => {
    if (String(path).endsWith(name)) throw Object.assign(new Error('crashed'), { code: 'EIO' });
    return realAppend(path, data);
  });
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

  it('keeps a crashed pass’s staging dir for resuming and drops one idle past the TTL on open', async () => {
    const [stale, recent] = [randomUUID(), randomUUID()];
    for (const passId of [stale, recent]) {
      const pass = await new FileResourceStore(root).beginPass('acme');
      await rename(join(root, `acme.pass-${pass.id}`), join(root, `acme.pass-${passId}`));
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(join(root, `acme.pass-${stale}`), twoHoursAgo, twoHoursAgo);

    const store = new FileResourceStore(root, { passTtlSeconds: 3600 });

    expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([organization('o1', 1)]);
    expect(await readdir(root)).toEqual(['acme', 'acme.journal', `acme.pass-${recent}`]);
    await expect(store.beginPass('acme', stale)).rejects.toThrow(UnknownPassError);
    await (await store.beginPass('acme', recent)).abort();
  });

  it('resumes a pass whose process died midway through an append, dropping the torn line', async () => {
    const crashed = await new FileResourceStore(root).beginPass('acme');
    await crashed.put([organization('o2', 2)]);
    await appendFile(join(root, `acme.pass-${crashed.id}`, 'Organization.ndjson'), '0123abc\t"Organization/o3"\t{"resourceType":"Organiz');

    const resumed = await new FileResourceStore(root).beginPass('acme', crashed.id);
    await resumed.put([organization('o3', 3)]);
    expect(await resumed.commit()).toMatchObject({ added: 2, deleted: 1 });

    const store = new FileResourceStore(root);
    expect(await store.getMany('acme', 'Organization', ['o1', 'o2', 'o3'])).toEqual([null, organization('o2', 2), organization('o3', 3)]);
  });

  it('journals on open what a commit swapped in before it died', async () => {
    const store = new FileResourceStore(root);
    const { sequence } = await store.changesSince('acme', 0, 10);
    const pass = await store.beginPass('acme');
    await pass.put([organization('o2', 2)]);
    failAppendsTo('acme.journal');

    await expect(pass.commit()).rejects.toThrow('crashed');
    jest.restoreAllMocks();
    expect(await store.changesSince('acme', sequence, 10)).toEqual({ refs: [], sequence });

    const reopened = new FileResourceStore(root);
    expect((await reopened.changesSince('acme', sequence, 10)).refs.sort()).toEqual(['Organization/o1', 'Organization/o2']);
    expect(await reopened.getMany('acme', 'Organization', ['o2'])).toEqual([organization('o2', 2)]);
  });

  it('finishes an upsert that died between its delta and its generation bump on the next write', async () => {
    const store = new FileResourceStore(root);
    const { sequence } = await store.changesSince('acme', 0, 10);
    const realRename = fsPromises.rename;
    jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      if (String(to).endsWith('generation')) throw Object.assign(new Error('crashed'), { code: 'EIO' });
      return realRename(from, to);
    });
    await expect(store.upsert('acme', [organization('o2', 2)])).rejects.toThrow('crashed');
    jest.restoreAllMocks();

    const reopened = new FileResourceStore(root);
    await reopened.upsert('acme', [organization('o3', 3)]);

    expect(await reopened.getMany('acme', 'Organization', ['o1', 'o2', 'o3'])).toEqual([
      organization('o1', 1),
      organization('o2', 2),
      organization('o3', 3),
    ]);
    expect((await reopened.changesSince('acme', sequence, 10)).refs.sort()).toEqual(['Organization/o2', 'Organization/o3']);
    expect(await store.getMany('acme', 'Organization', ['o2', 'o3'])).toEqual([organization('o2', 2), organization('o3', 3)]);
  });

  it('restores the previous generation on open when a crash left it aside and no main dir', async () => {
    await rename(main, join(root, 'acme.old-5e6f'));

    const store = new FileResourceStore(root);

    expect(await store.sources()).toEqual(['acme']);
    expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([organization('o1', 1)]);
    expect(await readdir(root)).toEqual(['acme', 'acme.journal']);
  });

  it('drops an aside dir left after a finished swap before the next commit', async () => {
    const store = new FileResourceStore(root);
    await store.sources();
    await cp(main, join(root, 'acme.old-5e6f'), { recursive: true });

    await commit(store, [organization('o2', 2)]);

    expect(await store.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([null, organization('o2', 2)]);
    expect(await readdir(root)).toEqual(['acme', 'acme.journal']);
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
    expect(await readdir(root)).toEqual(['acme', 'acme.journal']);
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
    expect(await readdir(root)).toEqual(['acme', 'acme.journal']);
  });

  it('breaks a lock left by a dead process', async () => {
    await writeFile(join(root, 'acme.lock'), String(DEAD_PID));
    const store = new FileResourceStore(root);

    await commit(store, [organization('o2', 2)]);

    expect(await store.getMany('acme', 'Organization', ['o2'])).toEqual([organization('o2', 2)]);
    expect(await readdir(root)).toEqual(['acme', 'acme.journal']);
  });

  it('waits for a lock held by a live process before committing', async () => {
    const lock = join(root, 'acme.lock');
    await writeFile(lock, String(process.ppid)); // a live process other than this one
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
    await writeFile(lock, String(process.ppid)); // a live process other than this one
    await rename(main, aside);

    const read = store.getMany('acme', 'Organization', ['o1']);
    await delay(100);
    await rename(aside, main);
    await rm(lock);

    expect(await read).toEqual([organization('o1', 1)]);
  });
});
