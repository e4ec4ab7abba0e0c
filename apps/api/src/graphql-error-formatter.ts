import { randomUUID } from 'node:crypto';
import type { Logger } from '@pds/config';
import { InvalidQueryError, SearchError } from '@pds/search';
import type { GraphQLFormattedError } from 'graphql';
import { isRedisUnavailable } from './ops/redis-unavailable';
import { tokenLimitRefusal } from './limits/query-limits-plugin';

const SEARCH_ERROR_CODES: Record<SearchError['code'], string> = {
  'SEARCH.UNAVAILABLE': 'SEARCH_UNAVAILABLE',
  'SEARCH.OVERLOADED': 'SEARCH_UNAVAILABLE',
  'SEARCH.INVALID_QUERY': 'BAD_USER_INPUT',
  // A write the index accepted and will apply: not a failure, and retrying it is harmless.
  'SEARCH.PENDING': 'PENDING',
  'SEARCH.FAILED': 'INTERNAL_SERVER_ERROR',
};

/** What a public client is told instead of the message, by code. */
const GENERIC_MESSAGES: Record<string, string> = {
  SEARCH_UNAVAILABLE: 'The search service is unavailable or overloaded; try again shortly.',
  UNAVAILABLE: 'A service this operation needs (Redis) is unavailable; searches still answer. Try again shortly.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side.',
};

/**
 * Maps domain errors to stable `extensions.code`s and keeps internals out of client messages: an
 * unavailable, overloaded, failed or unexpected error (whose message may hold a Meilisearch URL
 * or a DATA_DIR path) reaches the client as a generic message with an `errorId`, and the log gets
 * the original under the same id. Messages meant for the caller (bad input, auth) pass unchanged;
 * an InvalidQueryError, the one error for bad search input, becomes BAD_USER_INPUT here (and only
 * here) with its field's path and details (an unknown place's suggestions) as extensions.
 */
export function graphQLErrorFormatter(logger: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = (error as { originalError?: unknown }).originalError;
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    const tokens = extensions.code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitRefusal(formatted.message) : null;
    if (tokens) return { message: tokens.message, extensions: { code: tokens.extensions.code, tokens: tokens.extensions.tokens, limit: tokens.extensions.limit } };
    const domain =
      original instanceof InvalidQueryError
        ? { ...original.details, code: SEARCH_ERROR_CODES[original.code], reason: original.code, field: original.field }
        : original instanceof SearchError
        ? { code: SEARCH_ERROR_CODES[original.code], reason: original.code }
        : isRedisUnavailable(original)
          ? { code: 'UNAVAILABLE', reason: 'REDIS.UNAVAILABLE' }
          : null;
    const code = domain?.code ?? (extensions.code as string | undefined) ?? 'INTERNAL_SERVER_ERROR';
    const generic = GENERIC_MESSAGES[code];
    if (!generic) return { ...formatted, extensions: domain ?? extensions };
    const errorId = randomUUID();
    logger.error({ errorId, code, path: formatted.path, err: original ?? error }, formatted.message);
    return { message: `${generic} Error id: ${errorId}.`, path: formatted.path, locations: formatted.locations, extensions: { ...(domain ?? { code }), errorId } };
  };
}
