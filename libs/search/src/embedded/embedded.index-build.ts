import type { ProviderDocument } from '../provider-document';
import type { IndexBuild } from '../search-index.port';
import { SearchError } from '../search.errors';
import type { Synonyms } from '../synonyms/synonyms';
import { buildParts } from './generation.builder';
import { IndexGeneration } from './index.generation';

/**
 * A rebuild of the embedded index: documents are kept aside as JSON bytes as they arrive
 * (the last one added for an id wins; bytes live outside the JS heap, so a million
 * documents fit); `commit` indexes them in id order and hands the generation over.
 */
export class EmbeddedIndexBuild implements IndexBuild {
  private readonly documents = new Map<string, Buffer>();
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(
    private readonly synonyms: Synonyms,
    private readonly publish: (generation: IndexGeneration) => Promise<void>,
  ) {}

  async add(documents: ProviderDocument[]): Promise<void> {
    this.assertOpen('add to');
    for (const document of documents) this.documents.set(document.id, Buffer.from(`${JSON.stringify(document)}\n`));
  }

  async commit(): Promise<void> {
    this.assertOpen('commit');
    this.state = 'committed';
    const ids = [...this.documents.keys()].sort();
    const parts = buildParts(
      ids,
      ids.map((id) => this.documents.get(id)!),
      new Date(),
    );
    this.documents.clear();
    await this.publish(new IndexGeneration(parts, this.synonyms));
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
