import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FhirResource, PlanNetType } from '@pds/fhir';
import { type ScreenListener, admitResource } from './crawl/resource-screen';
import type { CrawlOptions } from './crawl/type-crawler';
import { emptyTypeRecord } from './crawl/type-record';
import type { TypeRunRecord } from './run/run-record';

/** Resources per `put`: there is no server to spare, so batches are larger than search pages. */
export const NDJSON_BATCH_SIZE = 1000;

/** Where read resources go: a StorePass, or anything else that takes batches. */
export interface ResourceBatchSink {
  put(resources: FhirResource[]): Promise<unknown>;
}

/** Whether a source key names a local directory (`file://`) rather than a FHIR server. */
export function isDirectorySource(sourceKey: string): boolean {
  return sourceKey.startsWith('file:');
}

/**
 * Reads a local directory in the FHIR bulk-data layout (`<Type>.ndjson`, one resource per line,
 * as `$export` and `npm run generate` write it) as a source: each type's file is streamed line
 * by line into the sink in batches, so a million-line file never sits in memory. Resources are
 * screened by the crawler's rules (`screenResource`: wrong JSON types repaired where the meaning
 * is plain, a wrong type or no id quarantined, narratives dropped), and a line that is not JSON
 * is quarantined too.
 */
export class NdjsonDirectoryReader {
  private readonly directory: string;

  /** @param source a `file://` source key or a directory path. */
  constructor(
    source: string,
    private readonly batchSize = NDJSON_BATCH_SIZE,
  ) {
    this.directory = isDirectorySource(source) ? fileURLToPath(source) : source;
  }

  /**
   * Streams `<Type>.ndjson` into the sink. A missing file means no resources of the type, as in
   * a bulk export; a missing directory or an unreadable file throws, so the pass is not committed.
   * Batches count as pages; there are no requests. A resumed read starts the file again: puts
   * are idempotent, and a local file is cheap to re-read.
   */
  async crawl(type: PlanNetType, sink: ResourceBatchSink, options: Partial<CrawlOptions> = {}): Promise<TypeRunRecord> {
    const record = options.record ?? emptyTypeRecord();
    const started = performance.now();
    const file = join(this.directory, `${type}.ndjson`);
    const size = await this.sizeOf(file);
    if (size !== null) {
      record.bytes = size;
      await this.read(file, type, sink, record, options);
    }
    record.seconds = (performance.now() - started) / 1000;
    record.complete = true;
    return record;
  }

  private async read(
    file: string,
    type: PlanNetType,
    sink: ResourceBatchSink,
    record: TypeRunRecord,
    listener: ScreenListener,
  ): Promise<void> {
    let batch: FhirResource[] = [];
    const flush = async () => {
      record.pages++;
      record.resources += batch.length;
      await sink.put(batch);
      batch = [];
    };
    let lineNumber = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      lineNumber++;
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        record.quarantined++;
        listener.onQuarantine?.({ type, id: null, reason: `${type}.ndjson line ${lineNumber} is not JSON` });
        continue;
      }
      const resource = admitResource(parsed, type, record, listener);
      if (resource) batch.push(resource);
      if (batch.length >= this.batchSize) await flush();
    }
    if (batch.length > 0) await flush();
  }

  /** The file's size, or null when the directory has no such file. */
  private async sizeOf(file: string): Promise<number | null> {
    try {
      return (await stat(file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await stat(this.directory).catch(() => {
        throw new Error(`the source directory ${this.directory} does not exist`);
      });
      return null;
    }
  }
}
