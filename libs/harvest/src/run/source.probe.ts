import type { FhirClient } from '@pds/fhir';

/** What a source's CapabilityStatement says it supports; the run plan follows it. */
export interface SourceCapabilities {
  lastUpdated: boolean;
  history: boolean;
  export: boolean;
  sort: boolean;
  /** The server's clock at the probe (Date header); incremental windows are anchored on it. */
  serverTime: string | null;
  /** Server clock minus ours, in ms: logged, since a skewed payer clock is a common cause of missed updates. */
  clockSkewMs: number | null;
}

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
 * Reads `/metadata`. A server without one (or with a broken one) is treated as supporting only
 * plain paging, which every Plan-Net server must: the harvest then runs full passes.
 */
export async function probeSource(client: FhirClient, baseUrl: string, types: readonly string[]): Promise<SourceCapabilities> {
  let statement: { rest?: CapabilityRest[] } | null = null;
  let serverTime: string | null = null;
  try {
    const answer = await client.getJson(`${baseUrl}/metadata`);
    statement = answer.json as { rest?: CapabilityRest[] };
    serverTime = dateHeader(answer.headers);
  } catch {
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
  };
}

function dateHeader(headers: Headers): string | null {
  const value = headers.get('date');
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
