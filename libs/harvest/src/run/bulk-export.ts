import { setTimeout as sleep } from 'node:timers/promises';
import {
  type FhirClient,
  FhirFetchError,
  type FhirResource,
  type PlanNetType,
  type RequestCounters,
  isPlanNetType,
  parseRetryAfter,
} from '@pds/fhir';
import type { ResourceSink } from '../crawl/type-crawler';
import { emptyTypeRecord } from '../crawl/type-record';
import { admitResource } from '../crawl/resource.screen';
import type { QuarantinedResource, RepairedResource, TypeRunRecord } from '../runs/run-record';

interface ExportManifest {
  output?: { type?: string; url?: string }[];
  deleted?: { type?: string; url?: string }[];
  error?: { type?: string; url?: string }[];
}

export interface BulkExportOptions {
  since: string;
  types: readonly PlanNetType[];
  sink: ResourceSink;
  records: Partial<Record<PlanNetType, TypeRunRecord>>;
  onRepair: (resource: RepairedResource) => void;
  onQuarantine: (resource: QuarantinedResource) => void;
  /** Longest the export may take before the run gives up; default one hour. */
  maxWaitMs?: number;
  /** Polling interval when the server gives no Retry-After; default 5 s. */
  pollMs?: number;
}

const BATCH = 1000;

/**
 * An incremental run by FHIR Bulk Data `$export` with `_since`: kick-off, polling that honours
 * Retry-After, NDJSON download into the sink, and the manifest's `deleted` files applied as removals.
 */
export async function runBulkExport(client: FhirClient, baseUrl: string, options: BulkExportOptions): Promise<void> {
  const record = (type: PlanNetType) => (options.records[type] ??= emptyTypeRecord());
  const kickOff = `${baseUrl}/$export?_type=${options.types.join(',')}&_since=${encodeURIComponent(options.since)}`;
  const accepted = await client.request(kickOff, { headers: { prefer: 'respond-async' } });
  count(record(options.types[0]), accepted);
  const status = accepted.headers.get('content-location');
  if (accepted.status !== 202 || !status) {
    throw new FhirFetchError('http-status', kickOff, `$export kick-off answered HTTP ${accepted.status} without a status URL`, false);
  }
  const manifest = await poll(client, new URL(status, `${baseUrl}/`).toString(), options, record(options.types[0]));
  if ((manifest.error ?? []).length > 0) {
    throw new FhirFetchError('http-status', status, `$export reported ${manifest.error!.length} error file(s)`, false);
  }
  for (const file of manifest.output ?? []) {
    if (!isPlanNetType(file.type) || !options.types.includes(file.type) || !file.url) continue;
    await download(client, file.url, file.type, options, record(file.type));
  }
  for (const file of manifest.deleted ?? []) {
    if (file.url) await applyDeletions(client, file.url, options, record);
  }
  for (const type of options.types) record(type).complete = true;
}

async function poll(client: FhirClient, url: string, options: BulkExportOptions, record: TypeRunRecord): Promise<ExportManifest> {
  const deadline = Date.now() + (options.maxWaitMs ?? 3_600_000);
  for (;;) {
    const answer = await client.request(url);
    count(record, answer);
    if (answer.status === 200) return JSON.parse(answer.body) as ExportManifest;
    if (answer.status !== 202) throw new FhirFetchError('http-status', url, `$export status answered HTTP ${answer.status}`, false);
    if (Date.now() > deadline) throw new FhirFetchError('timeout', url, '$export did not finish within the allowed time', false);
    await sleep(parseRetryAfter(answer.headers.get('retry-after')) ?? options.pollMs ?? 5_000);
  }
}

async function download(client: FhirClient, url: string, type: PlanNetType, options: BulkExportOptions, record: TypeRunRecord) {
  const stream = client.streamNdjson(url);
  let batch: FhirResource[] = [];
  const flush = async () => {
    const changes = await options.sink.put(batch);
    if (changes) {
      record.added += changes.added;
      record.updated += changes.updated;
      record.unchanged += changes.unchanged;
    }
    record.resources += batch.length;
    record.pages++;
    batch = [];
  };
  for await (const line of stream) {
    const resource = admitResource(line, type, record, options);
    if (resource) batch.push(resource);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  count(record, stream.counters);
}

/** Each line of a `deleted` file is a Bundle whose entries' `request.url` name deleted resources. */
async function applyDeletions(
  client: FhirClient,
  url: string,
  options: BulkExportOptions,
  record: (type: PlanNetType) => TypeRunRecord,
) {
  const stream = client.streamNdjson(url);
  const refs: string[] = [];
  for await (const line of stream) {
    for (const entry of (line as { entry?: { request?: { url?: string } }[] }).entry ?? []) {
      const [type, id] = (entry.request?.url ?? '').split('/').slice(-2);
      if (isPlanNetType(type) && options.types.includes(type) && id) refs.push(`${type}/${id}`);
    }
  }
  if (refs.length > 0 && options.sink.remove) {
    const changes = await options.sink.remove(refs);
    record(refs[0].split('/')[0] as PlanNetType).deleted += changes.deleted;
  }
  count(record(options.types[0]), stream.counters);
}

function count(record: TypeRunRecord, counters: RequestCounters): void {
  record.requests += counters.attempts;
  record.retries += counters.retries;
  record.throttled += counters.throttled;
  record.bytes += counters.bytes;
}
