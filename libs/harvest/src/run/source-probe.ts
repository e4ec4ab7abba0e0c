import { type FhirClient, FhirFetchError } from '@pds/fhir';

/** What a source supports (its CapabilityStatement) and how it pages (one page looked at); the run plan follows it. */
export interface SourceCapabilities {
  lastUpdated: boolean;
  history: boolean;
  export: boolean;
  sort: boolean;
  /** The server's clock at the probe (Date header); incremental windows are anchored on it. */
  serverTime: string | null;
  /** Server clock minus ours, in ms: logged, since a skewed payer clock is a common cause of missed updates. */
  clockSkewMs: number | null;
  /** The `_count` the probe asked for (the source's page size). */
  requestedPageSize: number;
  /**
   * Entries the server really put on a page for that `_count`: less when it caps `_count`, more
   * when it ignores it. Null when one page held the whole type, so no cap showed.
   */
  effectivePageSize: number | null;
  /**
   * When `effectivePageSize` was measured: by this run's probe, or by an earlier run whose
   * measurement this one reused (see `PageSizeCache`); null when it could not be measured.
   */
  pageSizeMeasuredAt: string | null;
  /** Set when this run's pages differed from the measurement, saying how: the next run measures again. */
  pagingChanged: string | null;
  /** HTTP requests the probe sent, retries included: they count in the run's requests. */
  requests: number;
}

/** Paged to measure the effective page size: the largest type of every Plan-Net directory. */
const PAGE_SIZE_PROBE_TYPE = 'PractitionerRole';

interface CapabilityRest {
  mode?: string;
  interaction?: { code?: string }[];
  searchParam?: { name?: string }[];
  operation?: { name?: string; definition?: string }[];
  resource?: {
    type?: string;
    interaction?: { code?: string }[];
    searchParam?: { name?: string }[];
    operation?: { name?: string; definition?: string }[];
  }[];
}

/**
 * Reads `/metadata`; the page size is measured apart (`measurePageSize`), as runs reuse it. A server without
 * a CapabilityStatement (or with a broken one) is treated as supporting only plain paging, which
 * every Plan-Net server must: the harvest then runs full passes.
 */
export async function probeSource(
  client: FhirClient,
  baseUrl: string,
  types: readonly string[],
  pageSize: number,
): Promise<SourceCapabilities> {
  let statement: { rest?: CapabilityRest[] } | null = null;
  let serverTime: string | null = null;
  let requests = 0;
  try {
    const answer = await client.getJson(`${baseUrl}/metadata`);
    requests += answer.attempts;
    statement = answer.json as { rest?: CapabilityRest[] };
    serverTime = dateHeader(answer.headers);
  } catch (error) {
    requests += attemptsOf(error);
    statement = null;
  }
  const rest = statement?.rest?.find((entry) => entry.mode !== 'client') ?? {};
  const resources = (rest.resource ?? []).filter((resource) => resource.type && types.includes(resource.type));
  const everyType = (test: (resource: NonNullable<CapabilityRest['resource']>[number]) => boolean) =>
    resources.length === types.length && resources.every(test);
  const hasParam = (name: string) =>
    (rest.searchParam ?? []).some((param) => param.name === name) ||
    everyType((resource) => (resource.searchParam ?? []).some((param) => param.name === name));
  const exportOperation = [...(rest.operation ?? []), ...resources.flatMap((resource) => resource.operation ?? [])].some(
    (operation) => operation.name === 'export' || /\/export$/.test(operation.definition ?? ''),
  );
  return {
    lastUpdated: hasParam('_lastUpdated'),
    history:
      everyType((resource) => (resource.interaction ?? []).some((interaction) => interaction.code === 'history-type')),
    export: exportOperation,
    sort: hasParam('_sort'),
    serverTime,
    clockSkewMs: serverTime ? Date.parse(serverTime) - Date.now() : null,
    requestedPageSize: pageSize,
    effectivePageSize: null,
    pageSizeMeasuredAt: null,
    pagingChanged: null,
    requests,
  };
}

export interface PageSizeMeasurement {
  effective: number | null;
  requests: number;
  /** False when the page could not be fetched: nothing was learnt, and nothing should be kept. */
  measured: boolean;
}

/**
 * Asks one page of the largest type (ids only, where `_elements` is supported). Only a page
 * followed by a `next` link shows the server's real page size; a failure leaves it unknown.
 */
export async function measurePageSize(client: FhirClient, baseUrl: string, pageSize: number): Promise<PageSizeMeasurement> {
  try {
    const { bundle, attempts } = await client.getBundle(`${baseUrl}/${PAGE_SIZE_PROBE_TYPE}?_count=${pageSize}&_elements=id`);
    const entries = bundle.entry?.length ?? 0;
    const paged = (bundle.link ?? []).some((link) => link.relation === 'next');
    return { effective: paged && entries > 0 ? entries : null, requests: attempts, measured: true };
  } catch (error) {
    return { effective: null, requests: attemptsOf(error), measured: false };
  }
}

function attemptsOf(error: unknown): number {
  return error instanceof FhirFetchError ? (error.counters?.attempts ?? 1) : 1;
}

function dateHeader(headers: Headers): string | null {
  const value = headers.get('date');
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
