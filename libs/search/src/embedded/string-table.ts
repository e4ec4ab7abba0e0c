/**
 * Many strings in one byte buffer with an offset table: no JS string (or object) per entry
 * lives on the heap until one is read, and the two arrays persist as they are.
 */
export class StringTable {
  constructor(
    readonly bytes: Buffer,
    /** `size + 1` entries; entry i spans `[offsets[i], offsets[i + 1])`. */
    readonly offsets: Uint32Array,
  ) {}

  static from(strings: readonly string[]): StringTable {
    const chunks = strings.map((value) => Buffer.from(value, 'utf8'));
    return StringTable.fromBuffers(chunks);
  }

  /** Concatenates byte strings into one table, sized once so nothing is copied twice. */
  static fromBuffers(chunks: readonly Uint8Array[]): StringTable {
    let size = 0;
    for (const chunk of chunks) size += chunk.length;
    if (size > 0xffffffff) throw new RangeError(`A string table holds at most 4 GiB; got ${size} bytes.`);
    const bytes = Buffer.allocUnsafe(size);
    const offsets = new Uint32Array(chunks.length + 1);
    let at = 0;
    chunks.forEach((chunk, i) => {
      bytes.set(chunk, at);
      at += chunk.length;
      offsets[i + 1] = at;
    });
    return new StringTable(bytes, offsets);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  get(i: number): string {
    return this.bytes.toString('utf8', this.offsets[i], this.offsets[i + 1]);
  }

  /** The raw bytes of entry i (a view, not a copy). */
  slice(i: number): Buffer {
    return this.bytes.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  /** Position of `value` in a table sorted by code unit, else -1. */
  indexOfSorted(value: string): number {
    const at = this.lowerBound(value, 0, this.size);
    return at < this.size && this.get(at) === value ? at : -1;
  }

  /** First position in `[from, to)` of a sorted table whose entry is not below `value`. */
  lowerBound(value: string, from: number, to: number): number {
    while (from < to) {
      const mid = (from + to) >>> 1;
      if (this.get(mid) < value) from = mid + 1;
      else to = mid;
    }
    return from;
  }
}
