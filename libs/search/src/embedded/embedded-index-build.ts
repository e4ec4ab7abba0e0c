import type { ProviderDocument } from '../provider-document';
import type { IndexBuild } from '../search-index.port';
import { SearchError } from '../search.error';
import type { Synonyms } from '../synonyms/synonyms';
import { GenerationBuilder } from './generation-builder';
import { IndexGeneration } from './index-generation';

/**
 * A rebuild of the embedded index: documents are indexed into compact records as they
 * arrive, while the object is at hand, and kept as JSON bytes (the last one added for an id
 * wins; bytes and typed arrays live outside the JS heap, so a million documents fit);
 * `commit` orders them by id, assembles the generation and hands it over.
 */
export class EmbeddedIndexBuild implements IndexBuild {
  private builder = new GenerationBuilder();
  private readonly slots = new Map<string, number>();
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(
    private readonly synonyms: Synonyms,
    private readonly publish: (generation: IndexGeneration) => Promise<void>,
  ) {}

  async add(documents: ProviderDocument[]): Promise<void> {
    this.assertOpen('add to');
    for (const document of documents) this.slots.set(document.id, this.builder.add(document, `${JSON.stringify(document)}\n`));
  }

  async commit(): Promise<void> {
    this.assertOpen('commit');
    this.state = 'committed';
    const ids = [...this.slots.keys()].sort();
    const parts = this.builder.finish(
      ids,
      Uint32Array.from(ids, (id) => this.slots.get(id)!),
      new Date(),
    );
    this.drop();
    await this.publish(new IndexGeneration(parts, this.synonyms));
  }

  /** Drops the rebuild; harmless after commit or a previous abort. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.drop();
  }

  private drop(): void {
    this.slots.clear();
    this.builder = new GenerationBuilder();
  }

  private assertOpen(action: string): void {
    if (this.state !== 'open') throw new SearchError('SEARCH.FAILED', `Cannot ${action} a rebuild that was already ${this.state}.`);
  }
}
