import type { FacetField, GeoRadius, ProviderDocument, SearchQuery } from '@pds/search';

export const QUERY_CLASSES = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q7'] as const;
export type QueryClass = (typeof QUERY_CLASSES)[number];

/** What issue 3 calls each class, for the table's legend. */
export const QUERY_LEGEND: Record<QueryClass, string> = {
  Q1: 'near 25 km + one specialty, nearest first, first 20',
  Q2: 'surname or specialty word with one typo + near 50 km, first 20',
  Q3: 'Q1 + facets on specialty, language, network, accepting',
  Q4: 'network + plan + language, no geo, 20 at offset 500',
  Q5: 'type-ahead: a 3-letter prefix, first 10',
  Q7: 'pharmacy in one network within 10 km, nearest first, first 20',
};

/** Queries per class whose match totals the three engines compare (a check that they did the same work). */
export const CHECKED_QUERIES = 20;

export const Q3_FACETS: readonly FacetField[] = ['specialty', 'language', 'network', 'acceptingNewPatients'];

/**
 * One benchmark query in engine-neutral terms, so the embedded engine, raw Orama and the scan
 * answer exactly the same question.
 */
export interface BenchQuery {
  class: QueryClass;
  text?: string;
  near?: GeoRadius;
  specialty?: string;
  network?: string;
  plan?: string;
  /** Lower-case primary language subtag ("es"). */
  language?: string;
  kind?: ProviderDocument['kind'];
  facets: boolean;
  sort: 'distance' | 'relevance';
  offset: number;
  limit: number;
}

/** The query as the search-index port takes it. */
export function toSearchQuery(query: BenchQuery): SearchQuery {
  const filters: NonNullable<SearchQuery['filters']> = {};
  if (query.specialty) filters.specialties = [query.specialty];
  if (query.network) filters.networks = [query.network];
  if (query.plan) filters.plans = [query.plan];
  if (query.language) filters.languages = [query.language];
  if (query.kind) filters.kinds = [query.kind];
  return {
    ...(query.text !== undefined ? { text: query.text } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(query.near ? { near: query.near } : {}),
    ...(query.facets ? { facets: Q3_FACETS } : {}),
    sort: query.sort,
    offset: query.offset,
    limit: query.limit,
  };
}

const NODE_FIELDS = 'name npi distanceKm specialties { code display } location { id address { text } } networks { id name } acceptingNewPatients languages';
const FACET_SELECTION = Q3_FACETS.map((field) => `${field} { value count }`).join(' ');

/** A cursor page of a query: `after` is the endCursor of the page before (null: the first page). */
export interface GraphqlPage {
  after: string | null;
}

/**
 * A GraphQL request body for the API (first pages: filter, sort and first are all they need).
 * With `page`, it also asks for pageInfo and pages with `after`, as a client paging by cursor does.
 */
export function toGraphqlBody(query: BenchQuery, page?: GraphqlPage): string {
  if (query.offset !== 0 && !page) throw new Error('the HTTP run only sends first-page queries');
  const facets = query.facets ? ` facets { ${FACET_SELECTION} }` : '';
  const filter: Record<string, unknown> = {};
  if (query.text !== undefined) filter.text = query.text;
  if (query.specialty) filter.specialties = [query.specialty];
  if (query.network) filter.networks = [query.network];
  if (query.plan) filter.plans = [query.plan];
  if (query.language) filter.languages = [query.language];
  if (query.near) filter.near = query.near;
  if (query.kind) filter.kinds = [query.kind.toUpperCase()];
  const variables = { filter, sort: query.sort === 'distance' ? 'DISTANCE' : 'RELEVANCE', first: query.limit };
  if (page) {
    return JSON.stringify({
      query: `query Page($filter: ProviderFilter, $sort: ProviderSort, $first: Int, $after: String) { searchProviders(filter: $filter, sort: $sort, first: $first, after: $after) { totalCount edges { node { ${NODE_FIELDS} } }${facets} pageInfo { hasNextPage endCursor } } }`,
      variables: { ...variables, after: page.after },
    });
  }
  return JSON.stringify({
    query: `query Bench($filter: ProviderFilter, $sort: ProviderSort, $first: Int) { searchProviders(filter: $filter, sort: $sort, first: $first) { totalCount edges { node { ${NODE_FIELDS} } }${facets} } }`,
    variables,
  });
}

/** The framework's own floor: a query that touches no resolver. */
export const TYPENAME_BODY = JSON.stringify({ query: '{ __typename }' });
