/** The widget's only network access: GETs (and POSTs) to its GraphQL endpoint. */
export class WidgetError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface GraphQLBody<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const hashes = new Map<string, Promise<string>>();

/** The query's SHA-256 (hex): its automatic-persisted-query id. Browsers offer it in secure contexts only. */
function sha256(query: string): Promise<string> | null {
  if (!globalThis.crypto?.subtle) return null;
  let hash = hashes.get(query);
  if (!hash) {
    hash = crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(query))
      .then((digest) => Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join(''));
    hashes.set(query, hash);
  }
  return hash;
}

async function send<T>(url: string, init: RequestInit): Promise<GraphQLBody<T> & { status: number }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new WidgetError('NETWORK', 'The provider directory could not be reached. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLBody<T>;
  return { ...body, status: response.status };
}

/**
 * Sends a query as an automatic persisted query: a GET with its hash (cacheable by a CDN and the
 * browser), and, when the server does not know the hash yet, one POST with the text, which
 * registers it. The `x-apollo-operation-name` header satisfies Apollo's CSRF prevention for GETs.
 */
async function persisted<T>(endpoint: string, query: string, hash: string, variables: Record<string, unknown>, signal?: AbortSignal) {
  const operationName = /^query (\w+)/.exec(query)?.[1] ?? '';
  const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
  const url = new URL(endpoint);
  url.searchParams.set('operationName', operationName);
  url.searchParams.set('variables', JSON.stringify(variables));
  url.searchParams.set('extensions', JSON.stringify(extensions));
  const answer = await send<T>(url.href, { method: 'GET', headers: { 'x-apollo-operation-name': operationName }, signal });
  if (answer.errors?.[0]?.extensions?.code !== 'PERSISTED_QUERY_NOT_FOUND') return answer;
  return send<T>(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName, variables, extensions }),
    signal,
  });
}

export async function graphql<T>(endpoint: string, query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  const hash = await sha256(query);
  const body = hash
    ? await persisted<T>(endpoint, query, hash, variables, signal)
    : await send<T>(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }), signal });
  const first = body.errors?.[0];
  if (first) throw new WidgetError(first.extensions?.code ?? 'GRAPHQL', first.message);
  if (body.status >= 400 || !body.data) throw new WidgetError(`HTTP_${body.status}`, `The provider directory answered ${body.status}.`);
  return body.data;
}

export interface Named {
  id: string;
  name: string | null;
}

export interface Coded {
  code: string;
  display: string | null;
}

export interface Office {
  id: string;
  name: string | null;
  address: { text: string } | null;
}

export interface ResultNode {
  providerKey: string;
  practitionerRoleId: string;
  npi: string | null;
  name: string;
  kind: 'PRACTITIONER' | 'FACILITY' | 'PHARMACY';
  specialties: Coded[];
  location: Office;
  organization: Named | null;
  distanceMiles: number | null;
  phones: string[];
  acceptingNewPatients: boolean | null;
  telehealth: boolean;
  networks: Named[];
}

export interface Origin {
  latitude: number;
  longitude: number;
  label: string;
}

export interface SearchAnswer {
  searchProviders: {
    totalCount: number;
    origin: Origin | null;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: ResultNode }[];
  };
}

// One result per provider (its nearest office): a person looks for a doctor, not a role.
export const SEARCH = `query Search($filter: ProviderFilter, $sort: ProviderSort, $first: Int, $after: String) {
  searchProviders(filter: $filter, sort: $sort, first: $first, after: $after, onePerProvider: true) {
    totalCount origin { latitude longitude label } pageInfo { hasNextPage endCursor }
    edges { node { providerKey practitionerRoleId npi name kind specialties { code display }
      location { id name address { text } } organization { id name } distanceMiles phones
      acceptingNewPatients telehealth networks { id name } } } } }`;

export interface Suggestion {
  kind: 'SPECIALTY' | 'PROVIDER' | 'FACILITY' | 'ORGANIZATION' | 'PLACE';
  label: string;
  value: string;
  providerCount: number;
}

export const SUGGEST = `query Suggest($text: String!, $near: GeoRadius, $first: Int) {
  suggest(text: $text, near: $near, first: $first) { kind label value providerCount } }`;

export interface Lists {
  languages: { code: string; name: string }[];
  networks: Named[];
  plans: Named[];
}

export const LISTS = `query Lists($payers: [ID!]) {
  languages { code name } networks(payers: $payers) { id name } plans(payers: $payers) { id name } }`;

export interface ProviderOffice {
  practitionerRoleId: string;
  location: Office;
  organization: Named | null;
  specialties: Coded[];
  phones: string[];
  networks: Named[];
  acceptingNewPatients: boolean | null;
  telehealth: boolean;
}

export interface ProviderRecord {
  providerKey: string;
  npi: string | null;
  name: string;
  gender: string | null;
  languages: string[];
  specialties: Coded[];
  locations: ProviderOffice[];
}

export const PROVIDER = `query Provider($key: ID!) {
  provider(providerKey: $key) { providerKey npi name gender languages specialties { code display }
    locations { practitionerRoleId location { id name address { text } } organization { id name }
      specialties { code display } phones networks { id name } acceptingNewPatients telehealth } } }`;

/** Every query the widget sends: the build lists them in dist/widget/persisted-queries.json for PERSISTED_QUERIES_ONLY. */
export const WIDGET_QUERIES = [SEARCH, SUGGEST, LISTS, PROVIDER];
