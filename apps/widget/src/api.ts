/** The widget's only network access: POSTs to its GraphQL endpoint. */
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

export async function graphql<T>(endpoint: string, query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new WidgetError('NETWORK', 'The provider directory could not be reached. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLBody<T>;
  const first = body.errors?.[0];
  if (first) throw new WidgetError(first.extensions?.code ?? 'GRAPHQL', first.message);
  if (!response.ok || !body.data) throw new WidgetError(`HTTP_${response.status}`, `The provider directory answered ${response.status}.`);
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
