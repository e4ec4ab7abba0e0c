import { closeSync, fstatSync, openSync, readFile, readSync } from 'node:fs';

/**
 * A snapshot's documents.ndjson: opening reads only the line offsets, so an index is ready at
 * once; the whole file then loads into memory in the background, because a read syscall per
 * returned document costs serving throughput (about a fifth of GraphQL requests/s at 100k).
 * Until it has loaded, a document's bytes are read from the file when returned. The file stays
 * open while served; a writer replacing the snapshot unlinks it, which leaves an open file readable.
 */
export class DocumentFile {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafeSlow(1 << 16);
  private closed = false;
  private loaded: Buffer | null = null;

  constructor(
    private readonly path: string,
    /** `size + 1` entries; document i spans `[offsets[i], offsets[i + 1])` of the file. */
    readonly offsets: Uint32Array,
  ) {
    this.fd = openSync(path, 'r');
    const { size } = fstatSync(this.fd);
    const expected = offsets.length > 0 ? offsets[offsets.length - 1] : 0;
    if (size !== expected) {
      closeSync(this.fd);
      throw new Error(`${path} holds ${size} bytes; the index expects ${expected}.`);
    }
    // Positional reads leave the descriptor at 0, so this reads the whole file; a close first makes
    // it fail, harmlessly: reads go to the file until then.
    readFile(this.fd, (error, bytes) => {
      if (!error && !this.closed && bytes.length === size) this.loaded = bytes;
    });
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  get(i: number): string {
    const length = this.offsets[i + 1] - this.offsets[i];
    if (this.loaded) return this.loaded.toString('utf8', this.offsets[i], this.offsets[i + 1]);
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(length * 2);
    this.readInto(this.buffer, this.offsets[i], length);
    return this.buffer.toString('utf8', 0, length);
  }

  /** The bytes of document i (a copy). */
  slice(i: number): Buffer {
    return this.read(this.offsets[i], this.offsets[i + 1] - this.offsets[i]);
  }

  /** `length` bytes from file position `start`. */
  read(start: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    this.readInto(bytes, start, length);
    return bytes;
  }

  /** Releases the file; harmless twice. Reads after it fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.loaded = null;
    closeSync(this.fd);
  }

  private readInto(target: Buffer, start: number, length: number): void {
    if (this.closed) throw new Error(`${this.path} was closed.`);
    if (this.loaded) {
      this.loaded.copy(target, 0, start, start + length);
      return;
    }
    for (let done = 0; done < length; ) {
      const read = readSync(this.fd, target, done, length - done, start + done);
      if (read === 0) throw new Error(`${this.path} ended at ${start + done}; expected ${length - done} more bytes.`);
      done += read;
    }
  }
}
