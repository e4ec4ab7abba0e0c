import type { ProviderDocument } from '../provider-document';
import type { IndexBuild } from '../search-index.port';
import { SearchError } from '../search.error';
import type { Synonyms } from '../synonyms/synonyms';
import { BuildThread } from './build-thread';
import { DocumentIndexer } from './document-indexer';
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
  private thread: BuildThread | null = BuildThread.start();
  private indexer: DocumentIndexer | null = this.thread ? null : new DocumentIndexer();
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(
    private readonly synonyms: Synonyms,
    private readonly publish: (generation: IndexGeneration) => Promise<void>,
  ) {}

  async add(documents: ProviderDocument[]): Promise<void> {
    this.assertOpen('add to');
    if (this.thread) await this.thread.add(documents);
    else for (const document of documents) this.indexer!.add(document, `${JSON.stringify(document)}\n`);
  }

  async commit(): Promise<void> {
    this.assertOpen('commit');
    this.state = 'committed';
    const updatedAt = new Date();
    let parts: GenerationParts;
    try {
      parts = this.thread ? await this.thread.finish(updatedAt) : this.indexer!.finish(updatedAt);
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
    const thread = this.thread;
    this.thread = null;
    this.indexer = null;
    await thread?.stop();
  }

  private assertOpen(action: string): void {
    if (this.state !== 'open') throw new SearchError('SEARCH.FAILED', `Cannot ${action} a rebuild that was already ${this.state}.`);
  }
}
