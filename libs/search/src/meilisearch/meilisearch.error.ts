import {
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type Task,
} from 'meilisearch';
import { SearchError } from '../search.error';

/** Meilisearch error codes (the `code` of an API error or a failed task) this adapter acts on. */
export const MeiliErrorCode = {
  indexNotFound: 'index_not_found',
  indexAlreadyExists: 'index_already_exists',
  tooManySearchRequests: 'too_many_search_requests',
} as const;

/** Meilisearch's answers to a missing, malformed or unknown MEILI_KEY (401/403). */
const REFUSED_KEY_CODES = new Set(['missing_authorization_header', 'invalid_api_key']);

/** The Meilisearch error code of an API error, if it carries one. */
export function meiliErrorCode(error: unknown): string | undefined {
  return error instanceof MeilisearchApiError ? error.cause?.code : undefined;
}

/**
 * Maps anything the client throws to a SearchError with a stable code, keeping the original
 * as `cause`: overload (503 / too_many_search_requests) is worth retrying later; unreachable
 * or slow servers, server errors (5xx) and a refused key (401/403) are unavailable. Search parameters are built here from a validated query,
 * so an `invalid_search_*` rejection means the index is not (yet) configured for them, e.g.
 * an index created by an older version or whose settings are still being applied: unavailable,
 * not the caller's fault.
 */
export function toSearchError(error: unknown, action: string): SearchError {
  if (error instanceof SearchError) return error;
  const message = `${action}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof MeilisearchApiError) {
    const code = error.cause?.code ?? '';
    if (error.response.status === 503 || code === MeiliErrorCode.tooManySearchRequests) {
      return new SearchError('SEARCH.OVERLOADED', message, { cause: error });
    }
    // The server failing, or refusing our key: nothing the caller can fix, and it may pass.
    if (error.response.status >= 500 || REFUSED_KEY_CODES.has(code)) {
      return new SearchError('SEARCH.UNAVAILABLE', message, { cause: error });
    }
    if (code.startsWith('invalid_search_')) {
      return new SearchError('SEARCH.UNAVAILABLE', `${message} (the index's settings do not allow this search yet)`, { cause: error });
    }
    return new SearchError('SEARCH.FAILED', message, { cause: error });
  }
  // Connection refused, DNS, reset and request timeouts all surface as request errors.
  if (
    error instanceof MeilisearchRequestError ||
    error instanceof MeilisearchRequestTimeOutError ||
    error instanceof MeilisearchTaskTimeOutError
  ) {
    return new SearchError('SEARCH.UNAVAILABLE', message, { cause: error });
  }
  return new SearchError('SEARCH.FAILED', message, { cause: error });
}

/** A task that ended `failed` or `canceled`, as an error carrying the task's own message. */
export function failedTaskError(task: Task, action: string): SearchError {
  const reason = task.error ? `${task.error.message} (${task.error.code})` : `task ${task.status}`;
  return new SearchError('SEARCH.FAILED', `${action}: Meilisearch task ${task.uid} ${task.status}: ${reason}`, {
    cause: task,
  });
}

/** A write Meilisearch accepted but had not applied when the wait ended: still queued, not lost. */
export function pendingTaskError(task: Task, action: string, waitedMs: number): SearchError {
  const message =
    `${action}: Meilisearch task ${task.uid} is still ${task.status} after ${Math.round(waitedMs / 1000)} s. ` +
    'Meilisearch runs tasks in order, so it waits for earlier ones (a rebuild\'s batches, say); it will be applied in turn.';
  return new SearchError('SEARCH.PENDING', message, { cause: task });
}
