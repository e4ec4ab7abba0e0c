import { SearchError } from '@pds/search';
import type { GraphQLFormattedError } from 'graphql';

const SEARCH_ERROR_CODES: Record<SearchError['code'], string> = {
  'SEARCH.UNAVAILABLE': 'SERVICE_UNAVAILABLE',
  'SEARCH.OVERLOADED': 'SERVICE_UNAVAILABLE',
  'SEARCH.INVALID_QUERY': 'BAD_USER_INPUT',
  // A write the index accepted and will apply: not a failure, and retrying it is harmless.
  'SEARCH.PENDING': 'PENDING',
  'SEARCH.FAILED': 'INTERNAL_SERVER_ERROR',
};

/** Maps domain errors to stable `extensions.code`s and keeps internals out of client messages. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown }).originalError;
  if (original instanceof SearchError) {
    return { ...formatted, extensions: { code: SEARCH_ERROR_CODES[original.code], reason: original.code } };
  }
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}
