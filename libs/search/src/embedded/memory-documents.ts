import type { DocumentSink } from './generation-builder';

/**
 * Document JSON kept in memory, a buffer per document: for generations built without a build
 * file (unit tests, the empty index), which are small. A service's builds write to their build
 * file instead (see DocumentSpill).
 */
export class MemoryDocumentSink implements DocumentSink {
  /** Per slot. */
  private readonly lines: Buffer[] = [];

  addString(json: string): void {
    this.lines.push(Buffer.from(json));
  }

  addBytes(json: Uint8Array): void {
    this.lines.push(Buffer.from(json));
  }

  inOrder(order: ArrayLike<number>): MemoryDocuments {
    return new MemoryDocuments(Array.from(order, (slot) => this.lines[slot]));
  }
}

/** A generation's documents in memory, document i being `lines[i]`. */
export class MemoryDocuments {
  constructor(private readonly lines: readonly Buffer[]) {}

  get size(): number {
    return this.lines.length;
  }

  get(i: number): string {
    return this.lines[i].toString('utf8');
  }

  /** The raw bytes of document i (not a copy). */
  slice(i: number): Buffer {
    return this.lines[i];
  }
}
