import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type FhirResource, PLAN_NET_TYPES, type PlanNetType } from '@pds/fhir';

/** Lines are gathered per type and handed to the stream in chunks of about this many chars. */
const CHUNK_CHARS = 1 << 20;

interface TypeFile {
  stream: WriteStream;
  lines: string[];
  chars: number;
  count: number;
}

/**
 * Writes resources as FHIR bulk-data NDJSON: `<dir>/<Type>.ndjson`, one minified resource per
 * line. All eight Plan-Net files are (re)created on open, so no stale file of an earlier run
 * survives. Memory stays at about one chunk per type: `flush` waits for the disk whenever a
 * stream's buffer is full, so a generator awaiting it between batches never runs ahead.
 */
export class NdjsonDirectoryWriter {
  private failure: Error | null = null;

  private constructor(private readonly files: ReadonlyMap<PlanNetType, TypeFile>) {
    for (const { stream } of files.values()) stream.on('error', (error) => (this.failure ??= error));
  }

  static async open(directory: string): Promise<NdjsonDirectoryWriter> {
    await mkdir(directory, { recursive: true });
    const files = new Map<PlanNetType, TypeFile>();
    for (const type of PLAN_NET_TYPES) {
      const stream = createWriteStream(join(directory, `${type}.ndjson`), { highWaterMark: 4 * CHUNK_CHARS });
      files.set(type, { stream, lines: [], chars: 0, count: 0 });
    }
    return new NdjsonDirectoryWriter(files);
  }

  write(resource: FhirResource & { resourceType: PlanNetType }): void {
    const file = this.fileOf(resource.resourceType);
    const line = `${JSON.stringify(resource)}\n`;
    file.lines.push(line);
    file.chars += line.length;
    file.count++;
  }

  /** Hands full chunks (all pending lines when `force`) to the streams; waits for full buffers. */
  async flush(force = false): Promise<void> {
    for (const file of this.files.values()) {
      if (file.lines.length === 0 || (!force && file.chars < CHUNK_CHARS)) continue;
      const accepted = file.stream.write(file.lines.join(''));
      file.lines = [];
      file.chars = 0;
      if (!accepted) await once(file.stream, 'drain');
    }
    if (this.failure) throw this.failure;
  }

  /** Resources written per type so far. */
  written(): Record<PlanNetType, number> {
    return Object.fromEntries(PLAN_NET_TYPES.map((type) => [type, this.fileOf(type).count])) as Record<
      PlanNetType,
      number
    >;
  }

  /** Writes what is pending and closes every file. */
  async close(): Promise<void> {
    await this.flush(true);
    await Promise.all([...this.files.values()].map(({ stream }) => once(stream.end(), 'finish')));
    if (this.failure) throw this.failure;
  }

  private fileOf(type: PlanNetType): TypeFile {
    const file = this.files.get(type);
    if (!file) throw new RangeError(`Not a Plan-Net type: ${type}`);
    return file;
  }
}
