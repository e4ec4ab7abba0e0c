import type { SearchResponse } from 'meilisearch';
import type { SearchQuery, SearchResult } from '../search-query';
import type { MeiliProviderHit } from './meilisearch.document';
import {
  type MeiliSearchRequest,
  toFacets,
  toFacetsRequest,
  toHit,
  toOtherLocationsRequest,
  toSearchRequest,
  toSearchResult,
} from './meilisearch.search-request';

export type MeiliResponse = SearchResponse<MeiliProviderHit, MeiliSearchRequest['params']>;
export type RunSearch = (request: MeiliSearchRequest) => Promise<MeiliResponse>;

/**
 * A search with one hit per provider. Costs up to three requests: the page with
 * `distinct: providerKey` (Meilisearch keeps each provider's best-ranked location), facets
 * over documents without distinct (in parallel, only when facets are asked), then the page's
 * providers' other matching locations (same query plus `providerKey IN [...]`, at most
 * OTHER_LOCATIONS_LIMIT of them).
 */
export async function searchGrouped(run: RunSearch, query: SearchQuery): Promise<SearchResult> {
  const request = toSearchRequest(query);
  const [page, facets] = await Promise.all([run(request), query.facets?.length ? run(toFacetsRequest(query)) : null]);
  const result = toSearchResult(page, { ...query, facets: [] }, request);
  const keys = result.hits.map((hit) => hit.document.providerKey);
  const others = new Map<string, SearchResult['hits']>(keys.map((key) => [key, []]));
  if (keys.length > 0) {
    const locations = await run(toOtherLocationsRequest(query, keys));
    const shown = new Set(result.hits.map((hit) => hit.document.id));
    for (const { document } of locations.hits) {
      if (!shown.has(document.id)) others.get(document.providerKey)?.push(toHit(document, query.near));
    }
  }
  return {
    total: result.total,
    hits: result.hits.map((hit) => ({ ...hit, otherLocations: others.get(hit.document.providerKey) ?? [] })),
    facets: facets ? toFacets(facets, query) : {},
  };
}
