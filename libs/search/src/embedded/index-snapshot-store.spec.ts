import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderDocument } from '../provider-document';
import type { SearchIndex } from '../search-index.port';
import { providerDocument } from '@pds/search/testing';
import { EmbeddedSearchIndex } from './embedded-search-index.adapter';
import { readParts, sectionsOf, writeIndexFile } from './snapshot-codec';

async function rebuild(index: SearchIndex, documents: ProviderDocument[]): Promise<void> {
  const build = await index.beginRebuild();
  await build.add(documents);
  await build.commit();
}

const allIds = async (index: SearchIndex): Promise<string[]> =>
  (await index.search({ sort: 'relevance', offset: 0, limit: 100 })).hits.map((h) => h.document.id);

describe('EmbeddedSearchIndex persistence', () => {
  let directory: string;
  const opened: EmbeddedSearchIndex[] = [];
  const open = async (watchIntervalMs = 0): Promise<EmbeddedSearchIndex> => {
    const index = await EmbeddedSearchIndex.open(directory, { watchIntervalMs });
    opened.push(index);
    return index;
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pds-embedded-snapshots-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((index) => index.close()));
    await rm(directory, { recursive: true, force: true });
  });

  it('opens an empty index when nothing was committed', async () => {
    const index = await open();
    expect(await index.stats()).toEqual({ documents: 0, updatedAt: null });
    expect(await allIds(index)).toEqual([]);
  });

  it('serves the last committed index, with its text index, after a restart', async () => {
    const first = await open();
    await rebuild(first, [providerDocument({ id: 'a', name: 'Ada Lovelace' }), providerDocument({ id: 'b' })]);
    await first.upsert([providerDocument({ id: 'c', name: 'Grace Hopper' })]);
    await first.remove(['b']);
    const { updatedAt } = await first.stats();
    await first.close();

    const second = await open();
    expect(await allIds(second)).toEqual(['a', 'c']);
    expect(await second.stats()).toEqual({ documents: 2, updatedAt });
    const found = await second.search({ text: 'hoper', sort: 'relevance', offset: 0, limit: 10 });
    expect(found.hits.map((h) => h.document.id)).toEqual(['c']);
  });

  it('serves the last committed index after a restart that cut a rebuild before its commit', async () => {
    const first = await open();
    await rebuild(first, [providerDocument({ id: 'a' })]);
    // A process stopped mid-rebuild (an API shutdown past its grace) neither commits nor aborts.
    const cut = await first.beginRebuild();
    await cut.add([providerDocument({ id: 'b' }), providerDocument({ id: 'c' })]);

    const restarted = await open();
    expect(await allIds(restarted)).toEqual(['a']);
    expect(await readdir(join(directory, 'generations'))).toHaveLength(1);
  });

  it('switches CURRENT by rename and keeps only the served snapshot', async () => {
    const index = await open();
    await rebuild(index, [providerDocument({ id: 'a' })]);
    await rebuild(index, [providerDocument({ id: 'b' })]);
    await index.upsert([providerDocument({ id: 'c' })]);
    const current = (await readFile(join(directory, 'CURRENT'), 'utf8')).trim();
    expect(await readdir(join(directory, 'generations'))).toEqual([current]);
    expect((await readdir(directory)).sort()).toEqual(['CURRENT', 'building', 'generations']);
    expect((await readdir(join(directory, 'generations', current))).sort()).toEqual(['documents.ndjson', 'index.bin', 'manifest.json']);
    // Each build's documents file became its snapshot's; nothing is left where builds write.
    expect(await readdir(join(directory, 'building'))).toEqual([]);
  });

  it('removes the documents file of a rebuild that is aborted or fails', async () => {
    const index = await open();
    const aborted = await index.beginRebuild();
    await aborted.add([providerDocument({ id: 'a' })]);
    expect(await readdir(join(directory, 'building'))).toHaveLength(1);
    await aborted.abort();
    const failed = await index.beginRebuild();
    // No location: indexing it throws; the caller aborts, as a job does.
    await expect(failed.add([{ ...providerDocument({ id: 'b' }), location: undefined } as unknown as ProviderDocument])).rejects.toThrow();
    await failed.abort();
    expect(await readdir(join(directory, 'building'))).toEqual([]);
    expect(await index.stats()).toEqual({ documents: 0, updatedAt: null });
  });

  it('serves a snapshot of format 2, whose documents are back to back in id order', async () => {
    const first = await open();
    await rebuild(first, [providerDocument({ id: 'b', name: 'Grace Hopper' }), providerDocument({ id: 'a', name: 'Ada Lovelace' }), providerDocument({ id: 'b', name: 'Grace Hopper' })]);
    await first.close();
    // Rewrite the snapshot as format 2 wrote it: one offsets array instead of starts and lengths.
    const path = join(directory, 'generations', (await readFile(join(directory, 'CURRENT'), 'utf8')).trim());
    const parts = await readParts(join(path, 'documents.ndjson'), join(path, 'index.bin'), null);
    const lines = Array.from({ length: parts.documents.size }, (_, i) => parts.documents.slice(i));
    const sections = sectionsOf(parts);
    sections.delete('documents.starts');
    sections.delete('documents.lengths');
    sections.set('documents.offsets', Uint32Array.from([0, ...lines.map((_, i) => lines.slice(0, i + 1).reduce((sum, line) => sum + line.length, 0))]));
    (parts.documents as { close(): void }).close();
    await writeFile(join(path, 'documents.ndjson'), Buffer.concat(lines));
    await writeIndexFile(join(path, 'index.bin'), sections);
    const manifest = JSON.parse(await readFile(join(path, 'manifest.json'), 'utf8')) as { format: number };
    await writeFile(join(path, 'manifest.json'), JSON.stringify({ ...manifest, format: 2 }));

    const second = await open();
    expect(await allIds(second)).toEqual(['a', 'b']);
    const found = await second.search({ text: 'hopper', sort: 'relevance', offset: 0, limit: 10 });
    expect(found.hits.map((h) => h.document.name)).toEqual(['Grace Hopper']);
  });

  it('lets another process pick up a commit with refresh()', async () => {
    const api = await open();
    const cli = await open();
    await rebuild(cli, [providerDocument({ id: 'new' })]);
    expect(await allIds(api)).toEqual([]);
    expect(await api.refresh()).toBe(true);
    expect(await allIds(api)).toEqual(['new']);
    expect(await api.refresh()).toBe(false);
  });

  it('picks up another process’s commit by itself when watching', async () => {
    const api = await open(20);
    const cli = await open();
    await rebuild(cli, [providerDocument({ id: 'watched' })]);
    for (let waited = 0; waited < 3000 && (await api.stats()).documents === 0; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await allIds(api)).toEqual(['watched']);
  });

  it('refuses to work once closed', async () => {
    const index = await open();
    await index.close();
    await expect(index.search({ sort: 'relevance', offset: 0, limit: 1 })).rejects.toMatchObject({ code: 'SEARCH.UNAVAILABLE' });
  });
});
