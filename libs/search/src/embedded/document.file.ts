import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A snapshot's documents.ndjson read on demand: only the line offsets live in memory and a
 * document's bytes are read (from the page cache, usually) when it is returned, so opening a
 * large index does not read, or keep, every document. The file stays open while served; a
 * writer replacing the snapshot unlinks it, which leaves an open file readable.
 */
export class DocumentFile {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafeSlow(1 << 16);
  private closed = false;

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
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  get(i: number): string {
    const length = this.offsets[i + 1] - this.offsets[i];
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
    closeSync(this.fd);
  }

  private readInto(target: Buffer, start: number, length: number): void {
    if (this.closed) throw new Error(`${this.path} was closed.`);
    for (let done = 0; done < length; ) {
      const read = readSync(this.fd, target, done, length - done, start + done);
      if (read === 0) throw new Error(`${this.path} ended at ${start + done}; expected ${length - done} more bytes.`);
      done += read;
    }
  }
}
