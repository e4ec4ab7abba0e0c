import type { SearchQuery } from '../search-query';
import { SearchError } from '../search.errors';

const invalid = (message: string): SearchError => new SearchError('SEARCH.INVALID_QUERY', message);

/** Rejects queries no adapter could answer consistently, with a message fit for the caller. */
export function validateQuery(query: SearchQuery): void {
  if (query.sort !== 'relevance' && query.sort !== 'distance') {
    throw invalid(`Unknown sort "${String(query.sort)}"; use "relevance" or "distance".`);
  }
  if (query.sort === 'distance' && !query.near) {
    throw invalid('Sort "distance" needs a point to measure from: give "near" (latitude, longitude, radiusKm).');
  }
  if (!Number.isInteger(query.offset) || query.offset < 0) throw invalid(`offset must be a non-negative integer, got ${query.offset}.`);
  if (!Number.isInteger(query.limit) || query.limit < 0) throw invalid(`limit must be a non-negative integer, got ${query.limit}.`);
  const near = query.near;
  if (near) {
    if (!(Math.abs(near.latitude) <= 90)) throw invalid(`near.latitude must be within [-90, 90], got ${near.latitude}.`);
    if (!(Math.abs(near.longitude) <= 180)) throw invalid(`near.longitude must be within [-180, 180], got ${near.longitude}.`);
    if (!(near.radiusKm > 0) || !Number.isFinite(near.radiusKm)) {
      throw invalid(`near.radiusKm must be a positive number, got ${near.radiusKm}.`);
    }
  }
}
