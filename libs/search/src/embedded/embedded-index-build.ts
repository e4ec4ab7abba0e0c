import type { ProviderDocument } from '../provider-document';
import type { IndexBuild } from '../search-index.port';
import { SearchError } from '../search.error';
import type { Synonyms } from '../synonyms/synonyms';
import { type Indexer, startIndexer, stopIndexer } from './build-thread';
import type { GenerationParts } from './generation-parts';
import { IndexGeneration } from './index-generation';

/**
 * A rebuild of the embedded index: documents are indexed into compact records as they
 * arrive and kept as JSON bytes (the last one added for an id wins; bytes and typed arrays
 * live outside the JS heap, so a million documents fit); `commit` orders them by id, assembles
 * the generation and hands it over. The indexing runs on a build thread where the service is
 * built (see BuildThread), in the caller's thread when run from source.
 */
export class EmbeddedIndexBuild implements IndexBuild {
  private indexer: Indexer | null = startIndexer();
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(
    private readonly synonyms: Synonyms,
    private readonly publish: (generation: IndexGeneration) => Promise<void>,
  ) {}

  async add(documents: ProviderDocument[]): Promise<void> {
    this.assertOpen('add to');
    await this.indexer!.addDocuments(documents);
  }

  async commit(): Promise<void> {
    this.assertOpen('commit');
    this.state = 'committed';
    const updatedAt = new Date();
    let parts: GenerationParts;
    try {
      parts = await this.indexer!.finish(updatedAt);
    } finally {
      // What built the parts is let go before the snapshot is written: a million documents' dictionaries and runs.
      await this.drop();
    }
    await this.publish(new IndexGeneration(parts, this.synonyms));
  }

  /** Drops the rebuild; harmless after commit or a previous abort. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    await this.drop();
  }

  private async drop(): Promise<void> {
    const indexer = this.indexer;
    this.indexer = null;
    await stopIndexer(indexer);
  }

  private assertOpen(action: string): void {
    if (this.state !== 'open') throw new SearchError('SEARCH.FAILED', `Cannot ${action} a rebuild that was already ${this.state}.`);
  }
}
