import type { ProviderDocument } from '../provider-document';
import { GenerationBuilder } from './generation-builder';
import type { GenerationParts } from './generation-parts';

/**
 * Indexes a rebuild's documents as they arrive (the last one added for an id wins) and
 * assembles them in id order, a document's position being its document number.
 */
export class DocumentIndexer {
  private readonly builder = new GenerationBuilder();
  private readonly slots = new Map<string, number>();

  /** `json` is the document's JSON line (text, or its UTF-8 bytes), what the generation returns. */
  add(document: ProviderDocument, json: string | Uint8Array): void {
    this.slots.set(document.id, this.builder.add(document, json));
  }

  finish(updatedAt: Date | null): GenerationParts {
    const ids = [...this.slots.keys()].sort();
    return this.builder.finish(
      ids,
      Uint32Array.from(ids, (id) => this.slots.get(id)!),
      updatedAt,
    );
  }
}
