import type { DirectoryBuilder } from '@pds/directory';
import type { SearchIndex } from '@pds/search';
import type { ResourceStore } from '@pds/store';

/**
 * Rebuilds the whole search index from every stored source, beside the served index, and
 * swaps it in only when complete: a failure leaves readers on the previous index.
 */
export class IndexRebuilder {
  constructor(
    private readonly store: ResourceStore,
    private readonly builder: DirectoryBuilder,
    private readonly index: SearchIndex,
  ) {}

  async rebuild(): Promise<number> {
    const build = await this.index.beginRebuild();
    let documents = 0;
    try {
      for (const source of await this.store.sources()) {
        for await (const batch of this.builder.build(this.store, source)) {
          await build.add(batch);
          documents += batch.length;
        }
      }
      await build.commit();
    } catch (error) {
      await build.abort();
      throw error;
    }
    return documents;
  }
}
