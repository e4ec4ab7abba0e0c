import {
  type Deadline,
  type FhirClient,
  FhirFetchError,
  type FhirResource,
  type PlanNetType,
  type RequestCounters,
  type RequestOptions,
  isPlanNetType,
  parseRetryAfter,
} from '@pds/fhir';
import type { ResourceSink } from '../crawl/type-crawler';
import { emptyTypeRecord } from '../crawl/type-record';
import { admitResource } from '../crawl/resource-screen';
import type { QuarantinedResource, RepairedResource, TypeRunRecord } from './run-record';

interface ExportManifest {
  /** True: the files need the source's credentials; false: they must be fetched without them. */
  requiresAccessToken?: boolean;
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
  /** The run's deadline: polling waits are cut to the time left, and the run fails when it passes. */
  deadline: Deadline;
  /** Origins besides the source's that the status URL and files may be on (the source's `exportOrigins`). */
  exportOrigins: readonly string[];
  /** Polling interval when the server gives no Retry-After; default 5 s. */
  pollMs?: number;
}

const BATCH = 1000;

/**
 * An incremental run by FHIR Bulk Data `$export` with `_since`: kick-off, polling that honours
 * Retry-After (cut to the run's time left), NDJSON download into the sink, and the manifest's
 * `deleted` files applied as removals. Every URL the server hands over must be on the source's
 * origin or one of its `exportOrigins`; the source's headers go to its own origin only, and only
 * when the manifest says its files need them.
 */
export async function runBulkExport(client: FhirClient, baseUrl: string, options: BulkExportOptions): Promise<void> {
  const record = (type: PlanNetType) => (options.records[type] ??= emptyTypeRecord());
  const allowed = new Set([new URL(baseUrl).origin, ...options.exportOrigins]);
  const checked = (url: string, what: string) => allowedUrl(url, baseUrl, allowed, what);
  const kickOff = `${baseUrl}/$export?_type=${options.types.join(',')}&_since=${encodeURIComponent(options.since)}`;
  const accepted = await client.request(kickOff, { headers: { prefer: 'respond-async' } });
  count(record(options.types[0]), accepted);
  const status = accepted.headers.get('content-location');
  if (accepted.status !== 202 || !status) {
    throw new FhirFetchError('http-status', kickOff, `$export kick-off answered HTTP ${accepted.status} without a status URL`, false);
  }
  const manifest = await poll(client, checked(status, 'the $export status URL'), options, record(options.types[0]));
  if ((manifest.error ?? []).length > 0) {
    throw new FhirFetchError('http-status', status, `$export reported ${manifest.error!.length} error file(s)`, false);
  }
  const outputs = (manifest.output ?? []).filter(
    (file): file is { type: PlanNetType; url: string } => isPlanNetType(file.type) && options.types.includes(file.type) && !!file.url,
  );
  const deletions = (manifest.deleted ?? []).flatMap((file) => (file.url ? [file.url] : []));
  // Every URL is checked before anything is fetched: a manifest with one bad URL fetches nothing.
  const files = {
    outputs: outputs.map((file) => ({ type: file.type, url: checked(file.url, 'a $export output file') })),
    deletions: deletions.map((url) => checked(url, 'a $export deleted file')),
  };
  const fetchOptions = { sourceHeaders: manifest.requiresAccessToken === true };
  for (const file of files.outputs) await download(client, file.url, file.type, options, record(file.type), fetchOptions);
  for (const url of files.deletions) await applyDeletions(client, url, options, record, fetchOptions);
  for (const type of options.types) record(type).complete = true;
}

/** The URL resolved against the source, when it is on an allowed origin; else the run fails naming it. */
function allowedUrl(url: string, baseUrl: string, allowed: Set<string>, what: string): string {
  let resolved: URL;
  try {
    resolved = new URL(url, `${baseUrl}/`);
  } catch {
    throw new FhirFetchError('refused-link', url, `${what} is not a URL`, false);
  }
  if (allowed.has(resolved.origin)) return resolved.toString();
  const reason = `${what} is on ${resolved.origin}, not the source's origin; add it to the source's exportOrigins to allow it`;
  throw new FhirFetchError('refused-link', url, reason, false);
}

async function poll(client: FhirClient, url: string, options: BulkExportOptions, record: TypeRunRecord): Promise<ExportManifest> {
  for (;;) {
    const answer = await client.request(url);
    count(record, answer);
    if (answer.status === 200) return JSON.parse(answer.body) as ExportManifest;
    if (answer.status !== 202) throw new FhirFetchError('http-status', url, `$export status answered HTTP ${answer.status}`, false);
    await options.deadline.sleep(parseRetryAfter(answer.headers.get('retry-after')) ?? options.pollMs ?? 5_000, url);
  }
}

async function download(
  client: FhirClient,
  url: string,
  type: PlanNetType,
  options: BulkExportOptions,
  record: TypeRunRecord,
  fetchOptions: RequestOptions,
) {
  const stream = client.streamNdjson(url, fetchOptions);
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
  fetchOptions: RequestOptions,
) {
  const stream = client.streamNdjson(url, fetchOptions);
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
