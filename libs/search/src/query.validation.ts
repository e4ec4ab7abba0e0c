import type { SearchQuery } from './search-query';
import { SearchError } from './search.errors';
import { MAX_QUERY_WORDS, terms } from './text.terms';

const invalid = (message: string): SearchError => new SearchError('SEARCH.INVALID_QUERY', message);

/**
 * Deepest result a query may start at. Ranking keeps a heap of offset + limit hits, so a client
 * asking for the millionth page would make it as large as the match; nobody reads that far.
 */
export const MAX_SEARCH_OFFSET = 10_000;
/** Most values one filter list may hold: each is a posting list to merge. */
export const MAX_FILTER_VALUES = 50;

const isLatitude = (value: number): boolean => Math.abs(value) <= 90;
const isLongitude = (value: number): boolean => Math.abs(value) <= 180;

/** Rejects queries no adapter could answer consistently, with a message fit for the caller. */
export function validateQuery(query: SearchQuery): void {
  if (query.sort !== 'relevance' && query.sort !== 'distance') {
    throw invalid(`Unknown sort "${String(query.sort)}"; use "relevance" or "distance".`);
  }
  if (query.sort === 'distance' && !query.near) {
    throw invalid('Sort "distance" needs a point to measure from: give "near" (latitude, longitude, radiusKm).');
  }
  if (!Number.isInteger(query.offset) || query.offset < 0) throw invalid(`offset must be a non-negative integer, got ${query.offset}.`);
  if (query.offset > MAX_SEARCH_OFFSET) {
    throw invalid(`offset must be at most ${MAX_SEARCH_OFFSET}, got ${query.offset}; narrow the query to reach later results.`);
  }
  if (!Number.isInteger(query.limit) || query.limit < 0) throw invalid(`limit must be a non-negative integer, got ${query.limit}.`);
  const words = terms(query.text).length;
  // Refused rather than cut short, as Meilisearch would cut it: both engines must answer alike.
  if (words > MAX_QUERY_WORDS) throw invalid(`text has ${words} words; search with at most ${MAX_QUERY_WORDS}.`);
  for (const [field, values] of Object.entries(query.filters ?? {})) {
    if (Array.isArray(values) && values.length > MAX_FILTER_VALUES) {
      throw invalid(`filters.${field} has ${values.length} values; at most ${MAX_FILTER_VALUES} are accepted.`);
    }
  }
  const near = query.near;
  if (near) {
    if (!isLatitude(near.latitude)) throw invalid(`near.latitude must be within [-90, 90], got ${near.latitude}.`);
    if (!isLongitude(near.longitude)) throw invalid(`near.longitude must be within [-180, 180], got ${near.longitude}.`);
    if (!(near.radiusKm > 0) || !Number.isFinite(near.radiusKm)) {
      throw invalid(`near.radiusKm must be a positive number, got ${near.radiusKm}.`);
    }
  }
  const box = query.boundingBox;
  if (box) {
    if (!isLatitude(box.north) || !isLatitude(box.south)) {
      throw invalid(`boundingBox.north and .south must be within [-90, 90], got ${box.north} and ${box.south}.`);
    }
    if (box.south > box.north) throw invalid(`boundingBox.south (${box.south}) must not be north of boundingBox.north (${box.north}).`);
    // west > east is a box crossing the antimeridian, which both adapters answer.
    if (!isLongitude(box.west) || !isLongitude(box.east)) {
      throw invalid(`boundingBox.west and .east must be within [-180, 180], got ${box.west} and ${box.east}.`);
    }
  }
}
