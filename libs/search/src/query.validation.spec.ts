import { MAX_FILTER_VALUES, MAX_SEARCH_OFFSET, validateQuery } from './query.validation';
import type { SearchQuery } from './search-query';
import { SearchError } from './search.errors';

const query = (overrides: Partial<SearchQuery>): SearchQuery => ({ sort: 'relevance', offset: 0, limit: 10, ...overrides });
const values = (count: number) => Array.from({ length: count }, (_, i) => `v${i}`);

function refusal(overrides: Partial<SearchQuery>): string {
  try {
    validateQuery(query(overrides));
  } catch (error) {
    expect(error).toBeInstanceOf(SearchError);
    expect((error as SearchError).code).toBe('SEARCH.INVALID_QUERY');
    return (error as Error).message;
  }
  throw new Error('the query was accepted');
}

describe('validateQuery limits', () => {
  it('refuses an offset past the deepest page, saying what is accepted', () => {
    expect(refusal({ offset: MAX_SEARCH_OFFSET + 1 })).toBe(
      `offset must be at most ${MAX_SEARCH_OFFSET}, got ${MAX_SEARCH_OFFSET + 1}; narrow the query to reach later results.`,
    );
    expect(() => validateQuery(query({ offset: MAX_SEARCH_OFFSET }))).not.toThrow();
  });

  it.each(['specialties', 'networks', 'plans', 'payers', 'languages', 'states', 'postalCodes', 'organizations'] as const)(
    `refuses more than ${MAX_FILTER_VALUES} values in filters.%s`,
    (field) => {
      expect(refusal({ filters: { [field]: values(MAX_FILTER_VALUES + 1) } })).toBe(
        `filters.${field} has ${MAX_FILTER_VALUES + 1} values; at most ${MAX_FILTER_VALUES} are accepted.`,
      );
      expect(() => validateQuery(query({ filters: { [field]: values(MAX_FILTER_VALUES) } }))).not.toThrow();
    },
  );
});
