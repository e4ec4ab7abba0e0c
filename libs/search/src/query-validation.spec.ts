import { MAX_FILTER_VALUES, MAX_SEARCH_OFFSET, PORT_QUERY_NAMES, type QueryNames, validateQuery } from './query-validation';
import type { SearchQuery } from './search-query';
import { InvalidQueryError } from './search.error';

const query = (overrides: Partial<SearchQuery>): SearchQuery => ({ sort: 'relevance', offset: 0, limit: 10, ...overrides });
const values = (count: number) => Array.from({ length: count }, (_, i) => `v${i}`);

function refusal(overrides: Partial<SearchQuery>, names?: QueryNames): string {
  try {
    validateQuery(query(overrides), names);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidQueryError);
    expect((error as InvalidQueryError).code).toBe('SEARCH.INVALID_QUERY');
    expect((error as Error).message.startsWith(`${(error as InvalidQueryError).field}: `)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('the query was accepted');
}

describe('validateQuery limits', () => {
  it('refuses an offset past the deepest page, saying what is accepted', () => {
    expect(refusal({ offset: MAX_SEARCH_OFFSET + 1 })).toBe(
      `offset: ${MAX_SEARCH_OFFSET + 1} is out of range; accepted: an integer from 0 to ${MAX_SEARCH_OFFSET} (narrow the query to reach later results)`,
    );
    expect(() => validateQuery(query({ offset: MAX_SEARCH_OFFSET }))).not.toThrow();
  });

  it.each(['specialties', 'networks', 'plans', 'payers', 'languages', 'states', 'postalCodes', 'organizations'] as const)(
    `refuses more than ${MAX_FILTER_VALUES} values in filters.%s`,
    (field) => {
      expect(refusal({ filters: { [field]: values(MAX_FILTER_VALUES + 1) } })).toBe(
        `filters.${field}: ${MAX_FILTER_VALUES + 1} values; accepted: at most ${MAX_FILTER_VALUES}`,
      );
      expect(() => validateQuery(query({ filters: { [field]: values(MAX_FILTER_VALUES) } }))).not.toThrow();
    },
  );
});

describe('validateQuery names the field as the caller sent it', () => {
  // A caller with names of its own (the API passes GraphQL paths such as filter.near).
  const caller: QueryNames = { ...PORT_QUERY_NAMES, distanceSort: 'NEAREST', near: 'where', boundingBox: 'area' };
  const near = { latitude: 41, longitude: -72, radiusKm: 10 };
  const box = { north: 42, south: 41, east: -72, west: -73 };

  it.each<[string, Partial<SearchQuery>, string, string]>([
    ['a latitude', { near: { ...near, latitude: 95 } }, 'near.latitude: 95 is not a latitude; accepted: -90 to 90', 'where.latitude: 95 is not a latitude; accepted: -90 to 90'],
    ['a longitude', { near: { ...near, longitude: -181 } }, 'near.longitude: -181 is not a longitude; accepted: -180 to 180', 'where.longitude: -181 is not a longitude; accepted: -180 to 180'],
    ['a radius', { near: { ...near, radiusKm: 0 } }, 'near.radiusKm: 0; accepted: a positive number', 'where.radiusKm: 0; accepted: a positive number'],
    ['a box edge', { boundingBox: { ...box, west: 190 } }, 'boundingBox.west: 190 is not a longitude; accepted: -180 to 180', 'area.west: 190 is not a longitude; accepted: -180 to 180'],
    ['an upside-down box', { boundingBox: { ...box, south: 43 } }, 'boundingBox: south (43) is above north (42); accepted: south <= north', 'area: south (43) is above north (42); accepted: south <= north'],
    ['distance without near', { sort: 'distance' }, 'sort: "distance" needs near: a point to measure from, with a radius', 'sort: NEAREST needs where: a point to measure from, with a radius'],
  ])('%s', (_name, overrides, portMessage, callerMessage) => {
    expect(refusal(overrides)).toBe(portMessage);
    expect(refusal(overrides, caller)).toBe(callerMessage);
  });
});
