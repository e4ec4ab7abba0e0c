import { writeSync } from 'node:fs';
import type { BuildFile } from './build-file';
import { DocumentFile } from './document-file';
import type { DocumentSink } from './generation-builder';
import { F64Buffer, U32Buffer } from './postings';

/** Bytes gathered per write: one reused buffer, so writing touches no fresh memory beyond it. */
const STAGING_BYTES = 1 << 24;

/**
 * A build's documents written to its build file as they arrive, not kept in memory: a million
 * documents are 2.8 GB of JSON, which the build held resident until the snapshot copied them out.
 * The snapshot adopts the file as it is (in arrival order, a document added twice leaving dead
 * bytes), with each document's start and length.
 */
export class DocumentSpill implements DocumentSink {
  private readonly staging: Buffer;
  private filled = 0;
  /** File bytes written so far: where the staging buffer's first byte goes. */
  private written = 0;
  /** Per slot. */
  private readonly starts = new F64Buffer();
  private readonly lengths = new U32Buffer();

  constructor(
    private readonly file: BuildFile,
    stagingBytes = STAGING_BYTES,
  ) {
    this.staging = Buffer.allocUnsafeSlow(stagingBytes);
  }

  addString(json: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (json.length * 3 > this.staging.length) {
      this.addBytes(Buffer.from(json));
      return;
    }
    if (this.filled + json.length * 3 > this.staging.length) this.flush();
    this.record(this.staging.write(json, this.filled, 'utf8'));
  }

  addBytes(json: Uint8Array): void {
    if (this.filled + json.length > this.staging.length) this.flush();
    if (json.length <= this.staging.length) {
      this.staging.set(json, this.filled);
      this.record(json.length);
      return;
    }
    this.starts.push(this.written);
    this.lengths.push(json.length);
    this.writeAll(json);
  }

  /** The documents of the given slots, `order[num]` being document `num`'s slot, over the build file (which it then owns). */
  inOrder(order: ArrayLike<number>): DocumentFile {
    this.flush();
    const lengths = this.lengths.view();
    const starts = new Float64Array(order.length);
    const ordered = new Uint32Array(order.length);
    for (let num = 0; num < order.length; num++) {
      starts[num] = this.starts.get(order[num]);
      ordered[num] = lengths[order[num]];
    }
    return new DocumentFile(this.file.path, this.file.fd, starts, ordered, true);
  }

  private record(length: number): void {
    this.starts.push(this.written + this.filled);
    this.lengths.push(length);
    this.filled += length;
  }

  private flush(): void {
    this.writeAll(this.staging.subarray(0, this.filled));
    this.filled = 0;
  }

  /** Writes may be partial: the rest follows until every byte is out. */
  private writeAll(bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.file.fd, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
  }
}
