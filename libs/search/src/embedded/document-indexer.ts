import type { ProviderDocument } from '../provider-document';
import type { BuildFile } from './build-file';
import { DocumentSpill } from './document-spill';
import { GenerationBuilder } from './generation-builder';
import type { GenerationParts } from './generation-parts';

const NEWLINE = 10;

/**
 * Indexes a rebuild's documents as they arrive (the last one added for an id wins), writing their
 * JSON to the build file, and assembles them in id order, a document's position being its
 * document number. A BuildThread runs one on its thread and answers the same calls.
 */
export class DocumentIndexer {
  private readonly builder: GenerationBuilder;
  private readonly slots = new Map<string, number>();

  constructor(file: BuildFile) {
    this.builder = new GenerationBuilder(new DocumentSpill(file));
  }

  addDocuments(documents: readonly ProviderDocument[]): void {
    for (const document of documents) this.add(document, `${JSON.stringify(document)}\n`);
  }

  /** Documents already serialized: JSON lines, each ending in a newline, each kept as the bytes it came in. */
  addLines(lines: Uint8Array): void {
    const bytes = Buffer.from(lines.buffer, lines.byteOffset, lines.byteLength);
    for (let start = 0; start < bytes.length; ) {
      const end = bytes.indexOf(NEWLINE, start) + 1;
      this.add(JSON.parse(bytes.toString('utf8', start, end)) as ProviderDocument, bytes.subarray(start, end));
      start = end;
    }
  }

  finish(updatedAt: Date | null): GenerationParts {
    const ids = [...this.slots.keys()].sort();
    return this.builder.finish(
      ids,
      Uint32Array.from(ids, (id) => this.slots.get(id)!),
      updatedAt,
    );
  }

  /** `json` is the document's JSON line (text, or its UTF-8 bytes), what the generation returns. */
  private add(document: ProviderDocument, json: string | Uint8Array): void {
    this.slots.set(document.id, this.builder.add(document, json));
  }
}
