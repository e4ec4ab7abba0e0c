import type { Hit, SearchResponse } from 'meilisearch';
import { haversineKm } from '../geo-distance';
import type { ProviderDocument } from '../provider-document';
import type { SearchHit, SearchQuery } from '../search-query';
import { SearchError } from '../search.error';
import type { MeiliProviderHit } from './meilisearch-document';
import type { MeiliSearchRequest } from './meilisearch-search-request';

/**
 * Distance computed here rather than read from `_geoDistance`, which Meilisearch rounds to
 * whole meters and only returns under a `_geoPoint` sort (not for text relevance near a point).
 */
export function toHit(document: ProviderDocument, near: SearchQuery['near']): SearchHit {
  const position = document.location.position;
  const distanceKm = near && position ? haversineKm(near.latitude, near.longitude, position.latitude, position.longitude) : null;
  return { document, distanceKm };
}

export type MeiliResponse = SearchResponse<MeiliProviderHit, MeiliSearchRequest['params']>;

/**
 * A search cut short by `searchCutoffMs` leaves its remaining hits unranked, which Meilisearch
 * shows only as a `skipped` rule in their score details: refused rather than served half-sorted.
 */
export function assertRanked(response: MeiliResponse): void {
  if (response.hits.some((hit) => hit._rankingScoreDetails?.skipped !== undefined)) {
    throw new SearchError('SEARCH.OVERLOADED', `Meilisearch cut the search short after its time budget (searchCutoffMs); try again or narrow the query.`);
  }
}

/** A hit with Meilisearch's ranking score, the key of the embedded engine's relevance order. */
export interface Ranked {
  hit: SearchHit;
  score: number;
}

export function ranked(hit: Hit<MeiliProviderHit>, near: SearchQuery['near']): Ranked {
  return { hit: toHit(hit.document, near), score: hit._rankingScore ?? 0 };
}

/**
 * Equally relevant hits come from Meilisearch in id order (the index's last ranking rule);
 * the embedded engine orders them by distance, then id, when there is a point and no sort
 * was sent (a text search by relevance). Hits in Meilisearch's order are re-ordered so here;
 * a page boundary that cuts a tie keeps Meilisearch's order across it.
 */
export function orderTies(hits: Ranked[], query: SearchQuery, sorted: boolean): Ranked[] {
  if (!query.near || sorted) return hits;
  const km = (entry: Ranked): number => entry.hit.distanceKm ?? Infinity;
  // Array sort is stable: equal score and distance keep Meilisearch's id order.
  return [...hits].sort((a, b) => b.score - a.score || km(a) - km(b));
}

