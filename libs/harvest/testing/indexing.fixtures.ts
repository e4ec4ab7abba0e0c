import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DirectoryBuilder } from '@pds/directory';
import { EmbeddedSearchIndex, type ProviderDocument, type SearchIndex } from '@pds/search';
import { FileStateStore } from '@pds/store';
import { adHocSourceId, FileLedgerStore, IndexUpdateRecordStore, IndexUpdater, type IndexUpdaterOptions } from '@pds/harvest';
import { InMemoryResourceStore } from '@pds/store/testing';

/** Every document of an index, by id. */
export async function allDocuments(index: SearchIndex): Promise<ProviderDocument[]> {
  const result = await index.search({ sort: 'relevance', offset: 0, limit: 10_000_000 });
  return result.hits.map((hit) => hit.document).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The directory's in-memory store (with its change journal), a real embedded index, file ledger and state under a temp dir, and an
 * updater over them; `reopen` gives a second updater over the same files (a restart), `updates` the records of its updates.
 */
export async function indexingFixture(options: IndexUpdaterOptions = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'index-updater-'));
  const store = new InMemoryResourceStore();
  const builder = new DirectoryBuilder({ batchSize: 50 });
  const indexes: EmbeddedSearchIndex[] = [];
  const openIndex = async (name: string) => {
    const index = await EmbeddedSearchIndex.open(path.join(dir, name), { watchIntervalMs: 0 });
    indexes.push(index);
    return index;
  };
  const index = await openIndex('index');
  const open = () =>
    new IndexUpdater(store, builder, index, new FileLedgerStore(path.join(dir, 'ledger')), new FileStateStore(path.join(dir, 'state')), options);
  let fresh = 0;
  return {
    store,
    index,
    updater: open(),
    reopen: open,
    updates: new IndexUpdateRecordStore(new FileStateStore(path.join(dir, 'state'))),
    /** The documents a full rebuild of the store's current resources gives, through a new index. */
    async freshDocuments(): Promise<ProviderDocument[]> {
      const freshIndex = await openIndex(`fresh-${++fresh}`);
      const build = await freshIndex.beginRebuild();
      for (const source of await store.sources()) {
        for await (const documents of builder.build(store, source, adHocSourceId(source))) await build.add(documents);
      }
      await build.commit();
      return allDocuments(freshIndex);
    },
    async cleanup(): Promise<void> {
      for (const opened of indexes) await opened.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
