import {
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type Task,
} from 'meilisearch';
import { SearchError } from '../search.error';
import { failedTaskError, pendingTaskError, toSearchError } from './meilisearch.error';

const apiError = (status: number, code?: string): MeilisearchApiError =>
  new MeilisearchApiError(
    new Response(null, { status }),
    code === undefined ? undefined : { code, message: `meili says ${code}`, type: 'invalid_request', link: '' },
  );

describe('toSearchError', () => {
  it.each([
    [apiError(503, 'too_many_search_requests'), 'SEARCH.OVERLOADED'],
    [apiError(503), 'SEARCH.OVERLOADED'],
    [apiError(400, 'invalid_search_filter'), 'SEARCH.UNAVAILABLE'],
    [apiError(400, 'invalid_search_sort'), 'SEARCH.UNAVAILABLE'],
    [apiError(400, 'invalid_search_facets'), 'SEARCH.UNAVAILABLE'],
    [apiError(400, 'invalid_document_geo_field'), 'SEARCH.FAILED'],
    [apiError(500, 'internal'), 'SEARCH.UNAVAILABLE'],
    [apiError(502), 'SEARCH.UNAVAILABLE'],
    [apiError(403, 'invalid_api_key'), 'SEARCH.UNAVAILABLE'],
    [apiError(401, 'missing_authorization_header'), 'SEARCH.UNAVAILABLE'],
    [apiError(404, 'index_not_found'), 'SEARCH.FAILED'],
    [new MeilisearchRequestError('http://127.0.0.1:1/health', new TypeError('fetch failed')), 'SEARCH.UNAVAILABLE'],
    [new MeilisearchRequestTimeOutError(100, {}), 'SEARCH.UNAVAILABLE'],
    [new MeilisearchTaskTimeOutError(7, 100), 'SEARCH.UNAVAILABLE'],
    [new Error('boom'), 'SEARCH.FAILED'],
  ])('maps %s to %s, keeping the cause', (error, code) => {
    const mapped = toSearchError(error, 'search');
    expect(mapped).toBeInstanceOf(SearchError);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(error);
    expect(mapped.message).toMatch(/^search: /);
  });

  it('passes a SearchError through unchanged', () => {
    const error = new SearchError('SEARCH.INVALID_QUERY', 'bad');
    expect(toSearchError(error, 'search')).toBe(error);
  });
});

describe('failedTaskError', () => {
  it("carries the task's own error message and the task as cause", () => {
    const task = {
      uid: 12,
      status: 'failed',
      error: { message: 'The `_geo` field is invalid', code: 'invalid_document_geo_field', type: 'invalid_request', link: '' },
    } as Task;
    const error = failedTaskError(task, 'upsert');
    expect(error.code).toBe('SEARCH.FAILED');
    expect(error.message).toBe('upsert: Meilisearch task 12 failed: The `_geo` field is invalid (invalid_document_geo_field)');
    expect(error.cause).toBe(task);
  });

  it('names a canceled task that has no error', () => {
    expect(failedTaskError({ uid: 3, status: 'canceled', error: null } as Task, 'commit').message).toBe(
      'commit: Meilisearch task 3 canceled: task canceled',
    );
  });
});

describe('pendingTaskError', () => {
  it('says the write is still queued and will be applied, not that the server is unavailable', () => {
    const error = pendingTaskError({ uid: 9, status: 'enqueued', error: null } as Task, 'upsert', 600_000);
    expect(error.code).toBe('SEARCH.PENDING');
    expect(error.message).toBe(
      "upsert: Meilisearch task 9 is still enqueued after 600 s. Meilisearch runs tasks in order, so it waits for earlier ones (a rebuild's batches, say); it will be applied in turn.",
    );
  });
});
