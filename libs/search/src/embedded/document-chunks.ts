import { U32Buffer } from './postings';

/**
 * Document JSON appended to large chunks in memory, for generations built without a build file
 * (tests, the empty index): no buffer (and no heap object) per document. Chunks
 * double in size (32 MB, 64 MB, … up to 1 GB): V8 starts a full collection whenever external
 * memory grows by 64 MB, so the 3 GB of a million documents in fixed 32 MB chunks cost ~50 full
 * collections of a multi-GB heap, and in doubling chunks cost ~8. Pages not yet written are not
 * resident, so a half-filled last chunk costs address space, not memory.
 */
export class DocumentChunks {
  private static readonly FIRST_CHUNK = 1 << 25;
  private static readonly LARGEST_CHUNK = 1 << 30;
  private nextChunk = DocumentChunks.FIRST_CHUNK;
  private readonly chunks: Buffer[] = [];
  private current = Buffer.allocUnsafeSlow(0);
  private used = 0;
  /** Per slot: chunk number, start in it, byte length. */
  private readonly where = new U32Buffer();

  addString(json: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.reserve(json.length * 3);
    const length = this.current.write(json, this.used, 'utf8');
    this.record(length);
  }

  addBytes(json: Uint8Array): void {
    this.reserve(json.length);
    this.current.set(json, this.used);
    this.record(json.length);
  }

  /** The documents of the given slots, `order[num]` being document `num`'s slot, over these chunks as they are. */
  inOrder(order: ArrayLike<number>): ChunkedDocuments {
    return new ChunkedDocuments(this.chunks, this.where.view(), Uint32Array.from(order));
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.current.length) return;
    this.current = Buffer.allocUnsafeSlow(Math.max(this.nextChunk, bytes));
    this.nextChunk = Math.min(this.nextChunk * 2, DocumentChunks.LARGEST_CHUNK);
    this.chunks.push(this.current);
    this.used = 0;
  }

  private record(length: number): void {
    this.where.push(this.chunks.length - 1);
    this.where.push(this.used);
    this.where.push(length);
    this.used += length;
  }
}

/** A generation's documents in id order, read where the build appended them in memory. */
export class ChunkedDocuments {
  constructor(
    private readonly chunks: readonly Buffer[],
    /** Per slot: chunk number, start in it, byte length. */
    private readonly where: Uint32Array,
    /** Per document number, its slot. */
    private readonly order: Uint32Array,
  ) {}

  get size(): number {
    return this.order.length;
  }

  get(i: number): string {
    const slot = 3 * this.order[i];
    const start = this.where[slot + 1];
    return this.chunks[this.where[slot]].toString('utf8', start, start + this.where[slot + 2]);
  }

  /** The raw bytes of document i (a view, not a copy). */
  slice(i: number): Buffer {
    const slot = 3 * this.order[i];
    const start = this.where[slot + 1];
    return this.chunks[this.where[slot]].subarray(start, start + this.where[slot + 2]);
  }
}
