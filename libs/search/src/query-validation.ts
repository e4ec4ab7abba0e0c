import type { GeoRadius, SearchQuery } from './search-query';
import { InvalidQueryError } from './search.error';
import { MAX_QUERY_WORDS, terms } from './text-terms';

/**
 * Deepest result a query may start at. Ranking keeps a heap of offset + limit hits, so a client
 * asking for the millionth page would make it as large as the match; nobody reads that far.
 */
export const MAX_SEARCH_OFFSET = 10_000;
/** Most values one filter list may hold: each is a posting list to merge. */
export const MAX_FILTER_VALUES = 50;

/**
 * What the caller calls each part of a query, so a refusal names the field the caller sent: the
 * port's own names by default, the GraphQL paths in the API (`filter.near`, `first`, ...).
 */
export interface QueryNames {
  sort: string;
  /** The value of `sort` that orders by distance. */
  distanceSort: string;
  near: string;
  boundingBox: string;
  offset: string;
  limit: string;
  text: string;
  /** Prefix of each filter list's name (`filters` gives `filters.specialties`). */
  filters: string;
}

export const PORT_QUERY_NAMES: QueryNames = {
  sort: 'sort',
  distanceSort: '"distance"',
  near: 'near',
  boundingBox: 'boundingBox',
  offset: 'offset',
  limit: 'limit',
  text: 'text',
  filters: 'filters',
};

const isLatitude = (value: number): boolean => Math.abs(value) <= 90;
const isLongitude = (value: number): boolean => Math.abs(value) <= 180;

/**
 * Rejects queries no adapter could answer consistently, with an InvalidQueryError naming the
 * field (in `names`) and what is accepted. Both adapters run it, and the API runs it with its
 * GraphQL names before searching, so this is the one place these rules live.
 */
export function validateQuery(query: SearchQuery, names: QueryNames = PORT_QUERY_NAMES): void {
  if (query.sort !== 'relevance' && query.sort !== 'distance') {
    throw new InvalidQueryError(names.sort, `"${String(query.sort)}" is not accepted; expected "relevance" or "distance"`);
  }
  if (query.sort === 'distance' && !query.near) {
    throw new InvalidQueryError(names.sort, `${names.distanceSort} needs ${names.near}: a point to measure from, with a radius`);
  }
  if (!Number.isInteger(query.offset) || query.offset < 0 || query.offset > MAX_SEARCH_OFFSET) {
    throw new InvalidQueryError(
      names.offset,
      `${query.offset} is out of range; accepted: an integer from 0 to ${MAX_SEARCH_OFFSET} (narrow the query to reach later results)`,
    );
  }
  if (!Number.isInteger(query.limit) || query.limit < 0) {
    throw new InvalidQueryError(names.limit, `${query.limit} is out of range; accepted: a non-negative integer`);
  }
  const words = terms(query.text).length;
  // Refused rather than cut short, as Meilisearch would cut it: both engines must answer alike.
  if (words > MAX_QUERY_WORDS) throw new InvalidQueryError(names.text, `${words} words; accepted: at most ${MAX_QUERY_WORDS}`);
  for (const [field, values] of Object.entries(query.filters ?? {})) {
    if (Array.isArray(values) && values.length > MAX_FILTER_VALUES) {
      throw new InvalidQueryError(`${names.filters}.${field}`, `${values.length} values; accepted: at most ${MAX_FILTER_VALUES}`);
    }
  }
  if (query.near) validateNear(query.near, names.near);
  const box = query.boundingBox;
  if (box) {
    checkLatitude(`${names.boundingBox}.north`, box.north);
    checkLatitude(`${names.boundingBox}.south`, box.south);
    // west > east is a box crossing the antimeridian, which both adapters answer.
    checkLongitude(`${names.boundingBox}.east`, box.east);
    checkLongitude(`${names.boundingBox}.west`, box.west);
    if (box.south > box.north) {
      throw new InvalidQueryError(names.boundingBox, `south (${box.south}) is above north (${box.north}); accepted: south <= north`);
    }
  }
}

/** The circle's ranges; `field` is its path (`near`, or the caller's name for it). */
export function validateNear(near: GeoRadius, field: string): void {
  checkLatitude(`${field}.latitude`, near.latitude);
  checkLongitude(`${field}.longitude`, near.longitude);
  if (!(near.radiusKm > 0) || !Number.isFinite(near.radiusKm)) {
    throw new InvalidQueryError(`${field}.radiusKm`, `${near.radiusKm}; accepted: a positive number`);
  }
}

function checkLatitude(field: string, value: number): void {
  if (!isLatitude(value)) throw new InvalidQueryError(field, `${value} is not a latitude; accepted: -90 to 90`);
}

function checkLongitude(field: string, value: number): void {
  if (!isLongitude(value)) throw new InvalidQueryError(field, `${value} is not a longitude; accepted: -180 to 180`);
}
