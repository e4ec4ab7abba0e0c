import type { SearchParams, SearchResponse } from 'meilisearch';
import { haversineKm } from '../geo.distance';
import type { ProviderDocument } from '../provider-document';
import type { FacetCount, FacetField, SearchHit, SearchQuery, SearchResult } from '../search-query';
import type { MeiliProviderHit } from './meilisearch.document';
import { buildFilter, formatNumber, providerKeyFilter } from './meilisearch.filter';

/** The Meilisearch attribute behind each facet of the port. */
export const FACET_ATTRIBUTES: Record<FacetField, string> = {
  specialty: 'specialtyCodes',
  language: 'languages',
  network: 'networkIds',
  plan: 'planIds',
  acceptingNewPatients: 'acceptingNewPatients',
  gender: 'gender',
  kind: 'kind',
  serviceCategory: 'serviceCategoryCodes',
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

const hasText = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

/**
 * Order: by distance (then id) for a distance sort, or for a relevance search without text
 * near a point; by text relevance when there is text to rank by; otherwise by id. The index
 * puts the `sort` ranking rule first, so a sort sent here outranks text relevance.
 */
function sortFor(query: SearchQuery): string[] | undefined {
  const text = hasText(query.text);
  if (query.near && (query.sort === 'distance' || !text)) {
    return [`_geoPoint(${formatNumber(query.near.latitude)}, ${formatNumber(query.near.longitude)}):asc`, 'id:asc'];
  }
  return text ? undefined : ['id:asc'];
}

export function toSearchRequest(query: SearchQuery): MeiliSearchRequest {
  const { page, hitsPerPage, skip } = pageWindow(query.offset, query.limit);
  const params: MeiliSearchRequest['params'] = {
    page,
    hitsPerPage,
    // Only the stored document: the flat attributes exist to filter and search on.
    attributesToRetrieve: ['document'],
    // Every query word must match, as in the embedded adapter (MiniSearch with AND).
    matchingStrategy: 'all',
  };
  const filter = buildFilter(query);
  if (filter !== undefined) params.filter = filter;
  const sort = sortFor(query);
  if (sort !== undefined) params.sort = sort;
  if (query.groupByProvider) {
    // One hit per provider; facets are asked separately, as distinct would count providers.
    params.distinct = 'providerKey';
  } else if (query.facets && query.facets.length > 0) {
    params.facets = facetAttributes(query);
  }
  return { q: hasText(query.text) ? query.text : null, params, skip };
}

const facetAttributes = (query: SearchQuery): string[] => [...new Set(query.facets ?? [])].map((field) => FACET_ATTRIBUTES[field]);

/** Facet counts over documents for a grouped search: the same match without distinct, no hits. */
export function toFacetsRequest(query: SearchQuery): MeiliSearchRequest {
  const request = toSearchRequest({ ...query, groupByProvider: false, offset: 0, limit: 0 });
  return { ...request, params: { ...request.params, facets: facetAttributes(query) } };
}

/** At most this many locations are fetched per grouped page to fill `otherLocations`. */
export const OTHER_LOCATIONS_LIMIT = 1000;

/** The page's providers' matching locations, in the query's order (the grouped search's second request). */
export function toOtherLocationsRequest(query: SearchQuery, providerKeys: readonly string[]): MeiliSearchRequest {
  const request = toSearchRequest({ ...query, groupByProvider: false, facets: [], offset: 0, limit: OTHER_LOCATIONS_LIMIT });
  const filter = [request.params.filter, providerKeyFilter(providerKeys)].filter((clause) => clause !== undefined).join(' AND ');
  return { ...request, params: { ...request.params, filter } };
}

function facetCounts(distribution: Record<string, number> | undefined): FacetCount[] {
  return Object.entries(distribution ?? {})
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/**
 * Distance computed here rather than read from `_geoDistance`, which Meilisearch rounds to
 * whole meters and only returns under a `_geoPoint` sort (not for text relevance near a point).
 */
export function toHit(document: ProviderDocument, near: SearchQuery['near']): SearchHit {
  const position = document.location.position;
  const distanceKm = near && position ? haversineKm(near.latitude, near.longitude, position.latitude, position.longitude) : null;
  return { document, distanceKm };
}

export function toSearchResult(
  response: SearchResponse<MeiliProviderHit, MeiliSearchRequest['params']>,
  query: SearchQuery,
  request: MeiliSearchRequest,
): SearchResult {
  const { near } = query;
  const hits = response.hits.slice(request.skip, request.skip + query.limit).map(({ document }) => toHit(document, near));
  return { total: response.totalHits, hits, facets: toFacets(response, query) };
}

export function toFacets(response: SearchResponse<MeiliProviderHit, MeiliSearchRequest['params']>, query: SearchQuery): SearchResult['facets'] {
  const facets: SearchResult['facets'] = {};
  for (const field of query.facets ?? []) {
    facets[field] = facetCounts(response.facetDistribution?.[FACET_ATTRIBUTES[field]]);
  }
  return facets;
}

/** The answer for a served index that does not exist yet: nothing has been indexed. */
export function emptyResult(query: SearchQuery): SearchResult {
  const facets: SearchResult['facets'] = {};
  for (const field of query.facets ?? []) facets[field] = [];
  return { total: 0, hits: [], facets };
}
