import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiError, FakeMeilisearch, notFound, providerDocument, rejection, searchReply } from '@pds/search/testing';
import { loadLayTerms } from '../synonyms/synonyms';
import { toMeiliDocument } from './meilisearch-document';
import { meilisearchSettings } from './meilisearch-settings';
import { MeilisearchSearchIndex, type MeilisearchSearchIndexOptions } from './meilisearch-search-index.adapter';

const hex = (value: string): string => Buffer.from(value, 'utf8').toString('hex');
/** What a process's first write does once the served index is there: look for dead rebuilds' indexes, prune finished tasks. */
const HOUSEKEEPING = ['GET /indexes?offset=0&limit=100', 'DELETE /tasks?indexUids=providers&statuses=succeeded%2Cfailed%2Ccanceled&beforeFinishedAt=…'];

describe('MeilisearchSearchIndex over HTTP', () => {
  let fake: FakeMeilisearch;
  let url: string;
  const open = (options: Partial<MeilisearchSearchIndexOptions> = {}) =>
    new MeilisearchSearchIndex({ url, apiKey: 'secret', taskTimeoutMs: 2000, ...options });

  beforeEach(async () => {
    fake = new FakeMeilisearch();
    url = await fake.start();
  });
  afterEach(() => fake.stop());

  describe('search', () => {
    it('sends one search with filter, distance sort, facets and a page window, and maps the answer', async () => {
      const doc = providerDocument({ id: 'a' });
      const reply = searchReply([doc], { facetDistribution: { languages: { en: 4 } } });
      fake.replies = (r) => (r.path === '/indexes/providers/search' ? reply : undefined);

      const result = await open().search({
        text: 'whitfield',
        filters: { specialties: ['207Q00000X', '208D00000X'], languages: ['es'], acceptingNewPatients: true },
        near: { latitude: 39.95, longitude: -75.16, radiusKm: 10 },
        sort: 'distance',
        offset: 20,
        limit: 20,
        facets: ['language'],
      });

      expect(fake.calls()).toEqual(['POST /indexes/providers/search']);
      expect(fake.requests[0].authorization).toBe('Bearer secret');
      expect(fake.body('POST', '/indexes/providers/search')).toEqual({
        q: 'whitfield',
        page: 2,
        hitsPerPage: 20,
        attributesToRetrieve: ['document'],
        matchingStrategy: 'all',
        showRankingScore: true,
        showRankingScoreDetails: true,
        filter: [
          `(specialtyKeys = "${hex('207Q00000X')}" OR specialtyKeys = "${hex('208D00000X')}")`,
          'languageTags = "es"',
          'acceptingNewPatients = true',
          '_geoRadius(39.95, -75.16, 10000)',
        ].join(' AND '),
        sort: ['_geoPoint(39.95, -75.16):asc', 'idKey:asc'],
        facets: ['languages'],
      });
      expect(result.total).toBe(57);
      expect(result.hits.map((hit) => hit.document)).toEqual([doc]);
      expect(result.hits[0].distanceKm).toBeCloseTo(0.529, 3);
      expect(result.facets).toEqual({ language: [{ value: 'en', count: 4 }] });
    });

    it('answers nothing, without creating it, while the index does not exist', async () => {
      fake.replies = (r) => (r.path.endsWith('/search') ? notFound('providers') : undefined);
      expect(await open().search({ sort: 'relevance', offset: 0, limit: 10, facets: ['plan'] })).toEqual({
        total: 0,
        hits: [],
        facets: { plan: [] },
      });
      expect(fake.calls()).toEqual(['POST /indexes/providers/search']);
    });

    it('maps 503 too_many_search_requests to SEARCH.OVERLOADED', async () => {
      fake.replies = () => apiError(503, 'too_many_search_requests', 'Too many search requests');
      const error = await rejection(open().search({ sort: 'relevance', offset: 0, limit: 10 }));
      expect(error.code).toBe('SEARCH.OVERLOADED');
      expect(error.message).toContain('Too many search requests');
      expect(error.cause).toBeDefined();
    });

    it('maps a filter the index does not allow yet to SEARCH.UNAVAILABLE', async () => {
      fake.replies = () => apiError(400, 'invalid_search_filter', 'Attribute `networkKeys` is not filterable.');
      expect((await rejection(open().search({ sort: 'relevance', offset: 0, limit: 10 }))).code).toBe('SEARCH.UNAVAILABLE');
    });

    it('rejects queries the embedded adapter rejects, before any request', async () => {
      const error = await rejection(open().search({ sort: 'distance', offset: 0, limit: 10 }));
      expect(error.code).toBe('SEARCH.INVALID_QUERY');
      expect(fake.requests).toEqual([]);
    });

    it('maps a refused connection to SEARCH.UNAVAILABLE', async () => {
      await fake.stop();
      fake = new FakeMeilisearch();
      const refused = new MeilisearchSearchIndex({ url });
      url = await fake.start();
      expect((await rejection(refused.search({ sort: 'relevance', offset: 0, limit: 1 }))).code).toBe('SEARCH.UNAVAILABLE');
    });
  });

  it('maps a request that outlives requestTimeoutMs to SEARCH.UNAVAILABLE', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const index = new MeilisearchSearchIndex({ url: silentUrl, requestTimeoutMs: 100 });
      expect((await rejection(index.search({ sort: 'relevance', offset: 0, limit: 1 }))).code).toBe('SEARCH.UNAVAILABLE');
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('upsert and remove', () => {
    it('creates and configures the served index on the first write, then adds documents in batches', async () => {
      const docs = [providerDocument({ id: 'a' }), providerDocument({ id: 'b' }), providerDocument({ id: 'c' })];
      const index = open({ batchSize: 2 });
      await index.upsert(docs);
      await index.upsert([providerDocument({ id: 'd' })]);

      expect(fake.calls()).toEqual([
        'GET /indexes/providers',
        'POST /indexes',
        'PATCH /indexes/providers/settings',
        ...HOUSEKEEPING,
        'POST /indexes/providers/documents',
        'POST /indexes/providers/documents',
        'POST /indexes/providers/documents',
      ]);
      expect(fake.body('POST', '/indexes')).toEqual({ uid: 'providers', primaryKey: 'id' });
      expect(fake.body('PATCH', '/indexes/providers/settings')).toEqual(JSON.parse(JSON.stringify(meilisearchSettings(loadLayTerms()))));
      const batches = fake.requests
        .filter((r) => r.path === '/indexes/providers/documents')
        .map((r) => (r.body as { id: string }[]).map((d) => d.id));
      expect(batches).toEqual([['a', 'b'], ['c'], ['d']]);
      // Every enqueued task was awaited.
      expect(fake.requests.filter((r) => r.path.startsWith('/tasks/')).length).toBeGreaterThanOrEqual(5);
    });

    it('brings an existing index\'s settings up to date once, and leaves matching ones alone', async () => {
      fake.indexes.add('providers');
      const index = open();
      await index.upsert([providerDocument({ id: 'a' })]);
      await index.upsert([providerDocument({ id: 'b' })]);
      expect(fake.calls()).toEqual([
        'GET /indexes/providers',
        'GET /indexes/providers/settings',
        'PATCH /indexes/providers/settings',
        ...HOUSEKEEPING,
        'POST /indexes/providers/documents',
        'POST /indexes/providers/documents',
      ]);
      fake.requests.length = 0;
      await open().upsert([providerDocument({ id: 'c' })]);
      expect(fake.calls()).toEqual(['GET /indexes/providers', 'GET /indexes/providers/settings', ...HOUSEKEEPING, 'POST /indexes/providers/documents']);
    });

    it('tolerates another replica creating the index first', async () => {
      fake.replies = (r) => (r.method === 'GET' && r.path === '/indexes/providers' ? notFound('providers') : undefined);
      fake.indexes.add('providers');
      await open().upsert([providerDocument({ id: 'a' })]);
      expect(fake.calls()).toEqual([
        'GET /indexes/providers',
        'POST /indexes',
        'PATCH /indexes/providers/settings',
        ...HOUSEKEEPING,
        'POST /indexes/providers/documents',
      ]);
    });

    it('rejects with the task message when an indexing task fails', async () => {
      fake.indexes.add('providers');
      const geoError = { code: 'invalid_document_geo_field', message: 'The `_geo` field is invalid.' };
      fake.failTask = (r) => (r.path.endsWith('/documents') ? geoError : null);
      const error = await rejection(open().upsert([providerDocument()]));
      expect(error.code).toBe('SEARCH.FAILED');
      expect(error.message).toContain('The `_geo` field is invalid. (invalid_document_geo_field)');
    });

    it('deletes ids in batches', async () => {
      fake.indexes.add('providers');
      await open({ batchSize: 2 }).remove(['a', 'b', 'c']);
      expect(fake.calls()).toEqual([
        'GET /indexes/providers',
        'GET /indexes/providers/settings',
        'PATCH /indexes/providers/settings',
        ...HOUSEKEEPING,
        'POST /indexes/providers/documents/delete-batch',
        'POST /indexes/providers/documents/delete-batch',
      ]);
      expect(fake.requests.filter((r) => r.path.endsWith('/delete-batch')).map((r) => r.body)).toEqual([['a', 'b'], ['c']]);
    });

    it('also cuts batches by serialized size, a document larger than the limit going alone', async () => {
      fake.indexes.add('providers');
      const small = (id: string) => providerDocument({ id });
      const large = providerDocument({ id: 'big', name: 'x'.repeat(5000) });
      const size = (id: string) => Buffer.byteLength(JSON.stringify(toMeiliDocument(small(id))));
      // Room for two small documents (each followed by a comma) but not three.
      await open({ batchBytes: 2 * (size('a') + 1) + 10 }).upsert([small('a'), small('b'), small('c'), large, small('d')]);
      const batches = fake.requests.filter((r) => r.path === '/indexes/providers/documents').map((r) => (r.body as { id: string }[]).map((d) => d.id));
      expect(batches).toEqual([['a', 'b'], ['c'], ['big'], ['d']]);
    });

    it('refuses batch limits that could never make progress', () => {
      expect(() => open({ batchSize: 0 })).toThrow('batchSize must be a positive integer, got 0.');
      expect(() => open({ batchBytes: 0.5 })).toThrow('batchBytes must be a positive integer, got 0.5.');
    });

    it('sends nothing for empty input', async () => {
      await open().upsert([]);
      await open().remove([]);
      expect(fake.requests).toEqual([]);
    });

    it('reports a task still queued when taskTimeoutMs ends as SEARCH.PENDING, naming it', async () => {
      fake.indexes.add('providers');
      const enqueued = { status: 200, body: { uid: 0, status: 'enqueued', error: null } };
      fake.replies = (r) => (r.path.startsWith('/tasks/') ? enqueued : undefined);
      const error = await rejection(open({ taskTimeoutMs: 150 }).upsert([providerDocument()]));
      expect(error).toMatchObject({ code: 'SEARCH.PENDING', message: expect.stringContaining('task 0 is still enqueued') });
    });

    it('accepts a task that ended just after taskTimeoutMs', async () => {
      fake.indexes.add('providers');
      let delayed: string | undefined;
      const processing = { status: 200, body: { uid: 0, status: 'processing', error: null } };
      // The first poll answers only after the wait has ended; the look that follows finds the task done.
      fake.replies = (r) => {
        if (!r.path.startsWith('/tasks/') || delayed !== undefined) return undefined;
        delayed = r.path;
        return new Promise((resolve) => setTimeout(() => resolve(processing), 200));
      };
      await open({ taskTimeoutMs: 50 }).upsert([providerDocument()]);
      expect(fake.requests.filter((r) => r.path === delayed)).toHaveLength(2);
    });
  });

  describe('stats and close', () => {
    it('reads the document count and last update', async () => {
      fake.indexes.add('providers');
      expect(await open().stats()).toEqual({ documents: 3, updatedAt: new Date('2025-02-03T04:05:06Z') });
    });

    it('reports an empty, never-updated index while it does not exist', async () => {
      expect(await open().stats()).toEqual({ documents: 0, updatedAt: null });
    });

    it('rejects calls after close with SEARCH.UNAVAILABLE', async () => {
      const index = open();
      await index.close();
      expect((await rejection(index.search({ sort: 'relevance', offset: 0, limit: 1 }))).code).toBe('SEARCH.UNAVAILABLE');
    });
  });
});
