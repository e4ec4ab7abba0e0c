import type { ProviderDocument } from '../provider-document';
import type { IndexBuild } from '../search-index.port';
import { SearchError } from '../search.errors';
import { IndexGeneration } from './index.generation';
import { TextIndex } from './text.index';

/**
 * A rebuild of the embedded index: documents are indexed aside as they arrive (the last
 * one added for an id wins); `commit` hands the finished generation over to be served.
 */
export class EmbeddedIndexBuild implements IndexBuild {
  private readonly documents = new Map<string, ProviderDocument>();
  private readonly text = TextIndex.empty();
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(private readonly publish: (generation: IndexGeneration) => Promise<void>) {}

  async add(documents: ProviderDocument[]): Promise<void> {
    this.assertOpen('add to');
    for (const document of documents) {
      this.documents.set(document.id, document);
      this.text.put(document);
    }
  }

  async commit(): Promise<void> {
    this.assertOpen('commit');
    this.state = 'committed';
    await this.publish(IndexGeneration.create([...this.documents.values()], this.text, new Date()));
  }

  /** Drops the rebuild; harmless after commit or a previous abort. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.documents.clear();
  }

  private assertOpen(action: string): void {
    if (this.state !== 'open') throw new SearchError('SEARCH.FAILED', `Cannot ${action} a rebuild that was already ${this.state}.`);
  }
}
