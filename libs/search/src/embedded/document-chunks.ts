import { U32Buffer } from './postings';

/**
 * Document JSON appended to large chunks: no buffer (and no heap object) per document. Chunks
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

  /**
   * The documents of the given slots, `order[num]` being document `num`'s slot, over these chunks
   * as they are: a million documents are gigabytes, and a copy in id order doubled the build's
   * memory (on a VM whose fresh pages cost ~4 s per GB to touch, its time too).
   */
  inOrder(order: ArrayLike<number>): ChunkedDocuments {
    const where = this.where.view();
    const offsets = new Uint32Array(order.length + 1);
    let at = 0;
    for (let num = 0; num < order.length; num++) {
      at += where[3 * order[num] + 2];
      if (at > 0xffffffff) throw new RangeError(`A document file holds at most 4 GiB; got more than ${at} bytes.`);
      offsets[num + 1] = at;
    }
    return new ChunkedDocuments(this.chunks, where, Uint32Array.from(order), offsets);
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

/** A ChunkedDocuments as plain arrays, for handing it to another thread. */
export interface PackedDocuments {
  chunks: Uint8Array[];
  where: Uint32Array;
  order: Uint32Array;
  offsets: Uint32Array;
}

/** Bytes gathered per write of the documents file: reused, so writing touches no fresh memory beyond it. */
const STAGING_BYTES = 1 << 24;

/**
 * A built generation's documents, in id order, read where the build appended them. `offsets` are
 * their positions in the snapshot's documents file, which `pieces` fills in that order.
 */
export class ChunkedDocuments {
  constructor(
    private readonly chunks: readonly Buffer[],
    /** Per slot: chunk number, start in it, byte length. */
    private readonly where: Uint32Array,
    /** Per document number, its slot. */
    private readonly order: Uint32Array,
    /** `size + 1` entries; document i spans `[offsets[i], offsets[i + 1])` of the file. */
    readonly offsets: Uint32Array,
  ) {}

  static unpack({ chunks, where, order, offsets }: PackedDocuments): ChunkedDocuments {
    // Another thread's Buffers arrive as plain Uint8Arrays.
    const buffers = chunks.map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return new ChunkedDocuments(buffers, where, order, offsets);
  }

  get size(): number {
    return this.order.length;
  }

  pack(): PackedDocuments {
    return { chunks: [...this.chunks], where: this.where, order: this.order, offsets: this.offsets };
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

  /**
   * The documents' bytes in id order, gathered into one reused buffer: each piece is valid until
   * the next is asked for (a caller writes it first), and a million writes of one document each
   * would cost more than the copy.
   */
  *pieces(stagingBytes = STAGING_BYTES): Iterable<Uint8Array> {
    const staging = Buffer.allocUnsafeSlow(Math.min(stagingBytes, this.offsets[this.size]));
    let filled = 0;
    for (let num = 0; num < this.size; num++) {
      const bytes = this.slice(num);
      if (filled + bytes.length > staging.length) {
        if (filled > 0) yield staging.subarray(0, filled);
        filled = 0;
        if (bytes.length > staging.length) {
          yield bytes;
          continue;
        }
      }
      staging.set(bytes, filled);
      filled += bytes.length;
    }
    if (filled > 0) yield staging.subarray(0, filled);
  }
}
