import type { SearchParams } from 'meilisearch';
import type { FacetCount, FacetField, SearchQuery, SearchResult } from '../search-query';
import { terms } from '../text-terms';
import { fromIdKey } from './meilisearch-document';
import { buildFilter, formatNumber, providerKeyFilter } from './meilisearch-filter';
import { assertRanked, type MeiliResponse, orderTies, ranked } from './meilisearch-hits';

/** The Meilisearch attribute behind each facet of the port. */
export const FACET_ATTRIBUTES: Record<FacetField, string> = {
  specialty: 'specialtyKeys',
  language: 'languages',
  network: 'networkKeys',
  plan: 'planKeys',
  acceptingNewPatients: 'acceptingNewPatients',
  gender: 'gender',
  kind: 'kind',
  serviceCategory: 'serviceCategoryKeys',
};

/** Facets whose values are indexed as keys (see idKey), read back as the ids they are. */
const FACET_VALUES: Partial<Record<FacetField, (value: string) => string>> = {
  specialty: fromIdKey,
  network: fromIdKey,
  plan: fromIdKey,
  serviceCategory: fromIdKey,
};

/** One Meilisearch search standing for one port query. */
export interface MeiliSearchRequest {
  q: string | null;
  params: SearchParams & { page: number; hitsPerPage: number };
  /** Hits of the fetched page that precede the query's offset. */
  skip: number;
}

/**
 * The smallest page that holds the whole `[offset, offset + limit)` window. Meilisearch only
 * counts matches exhaustively (`totalHits`) in page/hitsPerPage mode; with offset/limit it
 * gives `estimatedTotalHits`, which may stop short. When `offset` is a multiple of `limit`,
 * the usual case for paging, the page is exactly the window; otherwise it stays within a few
 * times `limit`.
 */
export function pageWindow(offset: number, limit: number): { page: number; hitsPerPage: number; skip: number } {
  // hitsPerPage 0 still counts every match and returns no hits.
  if (limit === 0) return { page: 1, hitsPerPage: 0, skip: 0 };
  for (let size = limit; ; size++) {
    const start = offset - (offset % size);
    if (start + size >= offset + limit) return { page: start / size + 1, hitsPerPage: size, skip: offset - start };
  }
}

/**
 * The query text as the words the embedded engine matches, one space apart, or null for none.
 * Raw text would be read as Meilisearch query syntax: `"..."` a phrase without synonyms,
 * `-word` a negation, and a last word followed by a space or punctuation not a prefix.
 */
export function queryText(text: string | undefined): string | null {
  const words = terms(text);
  return words.length > 0 ? words.join(' ') : null;
}

/**
 * Order: by distance (then id) for a distance sort, or for a relevance search without text
 * near a point; by text relevance when there is text to rank by (ties by id: the index's
 * last ranking rule); otherwise by id. The index puts the `sort` ranking rule first, so a
 * sort sent here outranks text relevance.
 */
function sortFor(query: SearchQuery, text: boolean): string[] | undefined {
  if (query.near && (query.sort === 'distance' || !text)) {
    return [`_geoPoint(${formatNumber(query.near.latitude)}, ${formatNumber(query.near.longitude)}):asc`, 'idKey:asc'];
  }
  return text ? undefined : ['idKey:asc'];
}

export function toSearchRequest(query: SearchQuery): MeiliSearchRequest {
  const { page, hitsPerPage, skip } = pageWindow(query.offset, query.limit);
  const params: MeiliSearchRequest['params'] = {
    page,
    hitsPerPage,
    // Only the stored document: the flat attributes exist to filter and search on.
    attributesToRetrieve: ['document'],
    // Every query word must match, as in the embedded adapter.
    matchingStrategy: 'all',
    // The score orders ties by distance (see toSearchResult); the details show a search cut
    // short by searchCutoffMs: its unranked hits carry a `skipped` rule.
    showRankingScore: true,
    showRankingScoreDetails: true,
  };
  const q = queryText(query.text);
  const filter = buildFilter(query);
  if (filter !== undefined) params.filter = filter;
  const sort = sortFor(query, q !== null);
  if (sort !== undefined) params.sort = sort;
  if (query.groupByProvider) {
    // One hit per provider; facets are asked separately, as distinct would count providers.
    params.distinct = 'providerGroup';
  } else if (query.facets && query.facets.length > 0) {
    params.facets = facetAttributes(query);
  }
  return { q, params, skip };
}

const facetAttributes = (query: SearchQuery): string[] => [...new Set(query.facets ?? [])].map((field) => FACET_ATTRIBUTES[field]);

/** Facet counts over documents for a grouped search: the same match without distinct, no hits. */
export function toFacetsRequest(query: SearchQuery): MeiliSearchRequest {
  const request = toSearchRequest({ ...query, groupByProvider: false, offset: 0, limit: 0 });
  return { ...request, params: { ...request.params, facets: facetAttributes(query) } };
}

/** Locations fetched per request when a grouped search lists its providers' other locations. */
export const OTHER_LOCATIONS_PAGE = 1000;

/** Page `page` of the page's providers' matching locations, in the query's order (the grouped search's later requests). */
export function toOtherLocationsRequest(query: SearchQuery, providerKeys: readonly string[], page: number): MeiliSearchRequest {
  const request = toSearchRequest({ ...query, groupByProvider: false, facets: [], offset: 0, limit: OTHER_LOCATIONS_PAGE });
  const filter = [request.params.filter, providerKeyFilter(providerKeys)].filter((clause) => clause !== undefined).join(' AND ');
  return { ...request, params: { ...request.params, filter, page } };
}

function facetCounts(distribution: Record<string, number> | undefined, read: (value: string) => string): FacetCount[] {
  return Object.entries(distribution ?? {})
    .map(([value, count]) => ({ value: read(value), count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

export function toSearchResult(response: MeiliResponse, query: SearchQuery, request: MeiliSearchRequest): SearchResult {
  assertRanked(response);
  const window = response.hits.slice(request.skip, request.skip + query.limit).map((hit) => ranked(hit, query.near));
  const hits = orderTies(window, query, request.params.sort !== undefined).map((entry) => entry.hit);
  return { total: response.totalHits, hits, facets: toFacets(response, query) };
}

export function toFacets(response: MeiliResponse, query: SearchQuery): SearchResult['facets'] {
  const facets: SearchResult['facets'] = {};
  for (const field of query.facets ?? []) {
    facets[field] = facetCounts(response.facetDistribution?.[FACET_ATTRIBUTES[field]], FACET_VALUES[field] ?? ((value) => value));
  }
  return facets;
}

/** The answer for a served index that does not exist yet: nothing has been indexed. */
export function emptyResult(query: SearchQuery): SearchResult {
  const facets: SearchResult['facets'] = {};
  for (const field of query.facets ?? []) facets[field] = [];
  return { total: 0, hits: [], facets };
}
