import type { SearchHit, SearchQuery, SearchResult } from '../search-query';
import { SearchError } from '../search.error';
import { assertRanked, type MeiliResponse, orderTies, type Ranked, ranked } from './meilisearch-hits';
import { type MeiliSearchRequest, toFacets, toFacetsRequest, toOtherLocationsRequest, toSearchRequest } from './meilisearch-search-request';

export type RunSearch = (request: MeiliSearchRequest) => Promise<MeiliResponse>;
/** Something that changes whenever the served index is swapped: its `createdAt`, which moves with the contents. */
export type ReadGeneration = () => Promise<string>;

/** A grouped search that saw a swap between its requests is made again, at most this many times in all. */
export const GROUPED_ATTEMPTS = 3;

/**
 * A search with one hit per provider, as one snapshot of the index. Its requests (see
 * groupedOnce) cannot share a Meilisearch read transaction, so the served index's generation
 * is read before and after them: a swap in between mixed two generations, and the search is
 * made again.
 */
export async function searchGrouped(run: RunSearch, generation: ReadGeneration, query: SearchQuery): Promise<SearchResult> {
  for (let attempt = 1; ; attempt++) {
    const before = await generation();
    const result = await groupedOnce(run, query);
    if ((await generation()) === before) return result;
    if (attempt === GROUPED_ATTEMPTS) {
      throw new SearchError('SEARCH.UNAVAILABLE', `The index was replaced during each of ${GROUPED_ATTEMPTS} attempts at a grouped search; try again.`);
    }
  }
}

/**
 * The page with `distinct: providerGroup` (Meilisearch keeps each provider's best-ranked
 * location), facets over documents without distinct (in parallel, only when facets are asked),
 * then every matching location of the page's providers, page after page. Each provider's hit
 * is its best location by the embedded engine's order (see orderTies), the others follow it.
 */
async function groupedOnce(run: RunSearch, query: SearchQuery): Promise<SearchResult> {
  const request = toSearchRequest(query);
  const [page, facets] = await Promise.all([run(request), query.facets?.length ? run(toFacetsRequest(query)) : null]);
  assertRanked(page);
  const window = page.hits.slice(request.skip, request.skip + query.limit).map((hit) => ranked(hit, query.near));
  const locations = new Map<string, Ranked[]>(window.map((entry) => [entry.hit.document.providerKey, []]));
  if (window.length > 0) {
    for (const hit of await allLocations(run, query, [...locations.keys()])) {
      locations.get(hit.document.providerKey)?.push(ranked(hit, query.near));
    }
  }
  const sorted = request.params.sort !== undefined;
  const grouped = window.map((entry): Ranked => {
    const own = locations.get(entry.hit.document.providerKey)!;
    // Within one generation the page's hit is among its provider's locations; kept either way.
    if (!own.some((other) => other.hit.document.id === entry.hit.document.id)) own.unshift(entry);
    const [best, ...others] = orderTies(own, query, sorted);
    return { ...best, hit: { ...best.hit, otherLocations: others.map((other): SearchHit => other.hit) } };
  });
  return {
    total: page.totalHits,
    hits: orderTies(grouped, query, sorted).map((entry) => entry.hit),
    facets: facets ? toFacets(facets, query) : {},
  };
}

/** Every matching location of the given providers, in the query's order, however many pages that takes. */
async function allLocations(run: RunSearch, query: SearchQuery, providerKeys: readonly string[]): Promise<MeiliResponse['hits']> {
  const hits: MeiliResponse['hits'] = [];
  for (let page = 1; ; page++) {
    const response = await run(toOtherLocationsRequest(query, providerKeys, page));
    assertRanked(response);
    hits.push(...response.hits);
    if (response.hits.length === 0 || hits.length >= response.totalHits) return hits;
  }
}
