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

/**
 * A query the caller must change: `field` is the path of the part that is wrong (in the caller's
 * own names, see QueryNames), the message says what was given and what is accepted, and
 * `details` carries anything more the caller can act on (an unknown place's suggestions).
 */
export class InvalidQueryError extends SearchError {
  constructor(
    readonly field: string,
    problem: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super('SEARCH.INVALID_QUERY', `${field}: ${problem}`);
    this.name = 'InvalidQueryError';
  }
}
