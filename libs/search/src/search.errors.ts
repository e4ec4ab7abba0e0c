/**
 * Domain errors with stable codes; the API maps them to GraphQL `extensions.code`.
 * `SEARCH.PENDING`: a write was accepted but not yet applied when the wait ended; it will be.
 */
export class SearchError extends Error {
  constructor(
    readonly code: 'SEARCH.UNAVAILABLE' | 'SEARCH.OVERLOADED' | 'SEARCH.INVALID_QUERY' | 'SEARCH.PENDING' | 'SEARCH.FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SearchError';
  }
}
