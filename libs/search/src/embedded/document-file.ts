import { closeSync, fstatSync, fsync, openSync, readFile, readSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { promisify } from 'node:util';
import { removeQuietly } from './build-file';

/** fs.readFile refuses files above 2 GiB: larger document files are read a document at a time. */
const LARGEST_LOADED_FILE = 2 ** 31 - 1;
const fsyncFd = promisify(fsync);

/**
 * A generation's documents in a file of JSON lines: a snapshot's documents.ndjson, or the file a
 * build writes them to as they arrive (in arrival order, so document i is wherever it was
 * written: `starts[i]`, `lengths[i]` bytes). Opening reads nothing, so an index is ready at once;
 * the whole file then loads into memory in the background, because a read syscall per returned
 * document costs serving throughput (about a fifth of GraphQL requests/s at 100k). Until it has
 * loaded, a document's bytes are read from the file when returned. The file stays open while
 * served; a writer replacing the snapshot unlinks it, which leaves an open file readable.
 */
export class DocumentFile {
  private buffer = Buffer.allocUnsafeSlow(1 << 16);
  private closed = false;
  private loaded: Buffer | null = null;

  /**
   * Over an open descriptor, which the file now owns. A `temporary` file is a build's: it is
   * removed on close unless a snapshot adopted it first.
   */
  constructor(
    private path: string,
    private readonly fd: number,
    /** Per document number, where its line starts in the file. */
    readonly starts: Float64Array,
    /** Per document number, its line's length in bytes (the newline included). */
    readonly lengths: Uint32Array,
    private temporary: boolean,
  ) {}

  /** A snapshot's document file, checked to hold every document's bytes. */
  static open(path: string, starts: Float64Array, lengths: Uint32Array): DocumentFile {
    const fd = openSync(path, 'r');
    const { size } = fstatSync(fd);
    let end = 0;
    for (let i = 0; i < starts.length; i++) end = Math.max(end, starts[i] + lengths[i]);
    if (size < end) {
      closeSync(fd);
      throw new Error(`${path} holds ${size} bytes; the index expects at least ${end}.`);
    }
    const file = new DocumentFile(path, fd, starts, lengths, false);
    file.loadInBackground(size);
    return file;
  }

  get size(): number {
    return this.starts.length;
  }

  /** Makes this build's file the document file of a snapshot at `target` (flushed first, then renamed: not copied). */
  async adoptInto(target: string): Promise<void> {
    if (this.closed || !this.temporary) throw new Error(`${this.path} is not a build's open file; a snapshot adopts only those.`);
    await fsyncFd(this.fd);
    await rename(this.path, target);
    this.path = target;
    this.temporary = false;
    this.loadInBackground(fstatSync(this.fd).size);
  }

  get(i: number): string {
    const start = this.starts[i];
    const length = this.lengths[i];
    if (this.loaded) return this.loaded.toString('utf8', start, start + length);
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(length * 2);
    this.readInto(this.buffer, start, length);
    return this.buffer.toString('utf8', 0, length);
  }

  /**
   * The bytes of document i: a view of the loaded file, else a copy read from it. A catch-up's
   * re-index slices every kept document, and a copy each was as many allocations as documents.
   */
  slice(i: number): Buffer {
    if (this.loaded) return this.loaded.subarray(this.starts[i], this.starts[i] + this.lengths[i]);
    const bytes = Buffer.allocUnsafe(this.lengths[i]);
    this.readInto(bytes, this.starts[i], this.lengths[i]);
    return bytes;
  }

  /** Releases the file (a build's file that no snapshot adopted is removed); harmless twice. Reads after it fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.loaded = null;
    closeSync(this.fd);
    if (this.temporary) removeQuietly(this.path);
  }

  /** Positional reads leave the descriptor at 0, so this reads the whole file; a close first makes it fail, harmlessly. */
  private loadInBackground(size: number): void {
    if (size > LARGEST_LOADED_FILE || this.loaded) return;
    readFile(this.fd, (error, bytes) => {
      if (!error && !this.closed && bytes.length === size) this.loaded = bytes;
    });
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
