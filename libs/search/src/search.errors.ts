/** Domain errors with stable codes; the API maps them to GraphQL `extensions.code`. */
export class SearchError extends Error {
  constructor(
    readonly code: 'SEARCH.UNAVAILABLE' | 'SEARCH.OVERLOADED' | 'SEARCH.INVALID_QUERY' | 'SEARCH.FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SearchError';
  }
}
