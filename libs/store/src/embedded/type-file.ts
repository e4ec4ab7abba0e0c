import { close, closeSync, open, read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { isMissing } from './fs-util';

const openFile = promisify(open);
const readAt = promisify(read);
/** A sequential reader's block: one pread per megabyte, not one per line. */
const BLOCK_BYTES = 1 << 20;
const TAB = 9;
const NEWLINE = 10;
const OPEN_BRACE = 0x7b;

/**
 * Closes the file of a TypeFile nobody can reach any more. A snapshot the store has replaced may
 * still be read by whoever took it before (a scan midway, a pass's preview), and nothing tells
 * when the last of them is done; once the garbage collector drops the TypeFile, none is left, so
 * its descriptor number can be reused without any read landing in another file.
 */
const unreachable = new FinalizationRegistry<number>((fd) => close(fd, () => undefined));

/**
 * Receives a line of a type file as file positions: `[start, end)` without its newline, the
 * first two tabs (-1 when missing, and for a bare `{...}` resource line), and a reader of bytes
 * of the file as text that is cheap while the scan's buffer still holds them.
 */
export type LineVisitor = (start: number, firstTab: number, secondTab: number, end: number, text: (from: number, to: number) => string) => void;

/**
 * An open type file of a source (`<Type>.ndjson`) whose lines are read where they are when asked
 * for. Opened once per snapshot: a commit renames the source's directory away and removes it, and
 * an open file stays readable after its name is gone, so an older snapshot keeps reading its own
 * generation. Reads are positional and synchronous: right after a harvest the file is in the page
 * cache, where a pread of a few KB takes microseconds and an awaited one an event-loop turn.
 */
export class TypeFile {
  private closed = false;
  private scratch = Buffer.allocUnsafeSlow(1 << 12);

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    unreachable.register(this, fd, this);
  }

  /** The file opened for reading, or null when it does not exist. */
  static async open(path: string): Promise<TypeFile | null> {
    try {
      return new TypeFile(path, await openFile(path, 'r'));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /** The bytes `[start, end)` of the file as UTF-8. */
  text(start: number, end: number): string {
    const length = end - start;
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafeSlow(length * 2);
    this.readInto(this.scratch, start, length);
    return this.scratch.toString('utf8', 0, length);
  }

  /** A reader for many ranges in file order, e.g. every line of a scan. */
  sequential(): (start: number, end: number) => string {
    let block = Buffer.alloc(0);
    let blockStart = 0;
    let blockEnd = 0;
    return (start, end) => {
      // Even when the block holds the line: after a close, every read of the file fails alike.
      this.assertOpen();
      if (start < blockStart || end > blockEnd) {
        const length = Math.max(BLOCK_BYTES, end - start);
        if (block.length < length) block = Buffer.allocUnsafeSlow(length);
        blockStart = start;
        blockEnd = start + this.fill(block, start, end - start);
      }
      return block.toString('utf8', start - blockStart, end - blockStart);
    };
  }

  /**
   * Visits every non-empty line in file order, reading the file through `buffer` (lines may be
   * longer and span reads; the last needs no newline).
   */
  async scan(buffer: Buffer, visit: LineVisitor): Promise<void> {
    let position = 0;
    let filled = 0;
    const text = (from: number, to: number) =>
      from >= position && to <= position + filled ? buffer.toString('utf8', from - position, to - position) : this.text(from, to);
    let start = 0;
    let firstTab = -1;
    let secondTab = -1;
    let bare = false;
    for (;;) {
      this.assertOpen();
      position += filled;
      filled = (await readAt(this.fd, buffer, 0, buffer.length, position)).bytesRead;
      if (filled === 0) break;
      const bytes = buffer.subarray(0, filled);
      for (let i = 0; i < filled; ) {
        if (position + i === start) bare = bytes[i] === OPEN_BRACE;
        const newline = bytes.indexOf(NEWLINE, i);
        const lineEnd = newline < 0 ? filled : newline;
        if (!bare && firstTab < 0) firstTab = tabBefore(bytes, i, lineEnd, position);
        if (!bare && firstTab >= 0 && secondTab < 0) secondTab = tabBefore(bytes, Math.max(i, firstTab + 1 - position), lineEnd, position);
        if (newline < 0) break;
        if (position + newline > start) visit(start, firstTab, secondTab, position + newline, text);
        start = position + newline + 1;
        firstTab = secondTab = -1;
        i = newline + 1;
      }
    }
    if (position > start) visit(start, firstTab, secondTab, position, text);
  }

  /** Releases the file; harmless twice. Reads after it throw rather than reach a reused descriptor. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    unreachable.unregister(this);
    closeSync(this.fd);
  }

  /** Reads up to `target.length` bytes from `start`, at least `needed`; returns how many. */
  private fill(target: Buffer, start: number, needed: number): number {
    this.assertOpen();
    let done = 0;
    while (done < target.length) {
      const count = readSync(this.fd, target, done, target.length - done, start + done);
      if (count === 0) break;
      done += count;
    }
    if (done < needed) throw new Error(`${this.path} ended at ${start + done}; expected ${needed - done} more bytes.`);
    return done;
  }

  private readInto(target: Buffer, start: number, length: number): void {
    this.fill(target.subarray(0, length), start, length);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`${this.path} was closed with its store; a snapshot read after that is gone.`);
  }
}

/** The file position of the first tab of `bytes[from, to)`, -1 when there is none. */
function tabBefore(bytes: Buffer, from: number, to: number, position: number): number {
  const tab = bytes.indexOf(TAB, from);
  return tab >= 0 && tab < to ? position + tab : -1;
}
