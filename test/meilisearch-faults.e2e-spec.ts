import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiError, FakeMeilisearch, type Reply, searchReply } from '@pds/search/testing';
import { graphql } from './support/graphql-client';
import { type RunningService, serviceEnv, startApi } from './support/service-process';

jest.setTimeout(120_000);

/** The Meilisearch client's per-request limit in the API under test: a slower answer is a timeout. */
const MEILI_TIMEOUT_MS = 400;
const SEARCH = '{ searchProviders(filter: { text: "smith" }) { totalCount edges { node { name } } } }';

/**
 * The built API in Meilisearch mode against the fake Meilisearch server (a real HTTP server on
 * 127.0.0.1): a search the server refuses or does not answer in time reaches the client as a
 * GraphQL error with code SEARCH_UNAVAILABLE and an error id, never a stack trace or the server's URL.
 */
describe('Meilisearch refusing or timing out', () => {
  const fake = new FakeMeilisearch();
  let meiliUrl: string;
  let api: RunningService;
  let dataDir: string;

  beforeAll(async () => {
    meiliUrl = await fake.start();
    fake.indexes.add('providers');
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-meili-faults-'));
    api = await startApi(serviceEnv({ DATA_DIR: dataDir, MEILI_URL: meiliUrl, MEILI_KEY: 'test-key', MEILI_TIMEOUT_MS: String(MEILI_TIMEOUT_MS), DEMO_DATA: 'off' }));
  });

  afterAll(async () => {
    await api?.stop();
    await fake.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const searchesAnswer = (reply: () => Reply | Promise<Reply>) => {
    fake.replies = (request) => (request.path === '/indexes/providers/search' ? reply() : undefined);
  };

  it.each([
    ['a server error (500)', () => apiError(500, 'internal', 'panicked at src/search.rs'), 'SEARCH.UNAVAILABLE'],
    ['an overloaded server (503)', () => apiError(503, 'too_many_search_requests', 'too many search requests'), 'SEARCH.OVERLOADED'],
    ['a refused key (403 invalid_api_key)', () => apiError(403, 'invalid_api_key', 'The provided API key is invalid.'), 'SEARCH.UNAVAILABLE'],
    [
      'an answer slower than MEILI_TIMEOUT_MS',
      () => new Promise<Reply>((resolve) => setTimeout(() => resolve(searchReply([])), MEILI_TIMEOUT_MS * 5).unref()),
      'SEARCH.UNAVAILABLE',
    ],
  ])('%s answers SEARCH_UNAVAILABLE with an error id', async (_name, reply, reason) => {
    searchesAnswer(reply);
    const before = fake.requests.length;

    const answer = await graphql(api.url, SEARCH);

    expect(fake.requests.slice(before).some((request) => request.path === '/indexes/providers/search')).toBe(true);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors).toHaveLength(1);
    const [error] = answer.errors!;
    expect(error.extensions).toEqual({ code: 'SEARCH_UNAVAILABLE', reason, errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(error.message).toMatch(/^The search service is unavailable or overloaded; try again shortly\. Error id: /);
    expect(JSON.stringify(answer)).not.toMatch(/stacktrace|127\.0\.0\.1|search\.rs|api key| {4}at /i);
  });

  it('answers searches again once the server does', async () => {
    searchesAnswer(() => searchReply([], { totalHits: 0, totalPages: 0 }));

    const answer = await graphql<{ searchProviders: { totalCount: number } }>(api.url, SEARCH);

    expect(answer.errors).toBeUndefined();
    expect(answer.data?.searchProviders.totalCount).toBe(0);
  });
});
