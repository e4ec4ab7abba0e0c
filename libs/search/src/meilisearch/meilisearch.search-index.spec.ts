import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderDocument } from '../provider-document';
import { SearchError } from '../search.errors';
import { providerDocument } from '../testing/provider-document.factory';
import { loadLayTerms } from '../synonyms/synonyms';
import { OTHER_LOCATIONS_LIMIT } from './meilisearch.search-request';
import { meilisearchSettings } from './meilisearch.settings';
import { MeilisearchSearchIndex, type MeilisearchSearchIndexOptions } from './meilisearch.search-index';

interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
}
interface Reply {
  status: number;
  body?: unknown;
}
type TaskError = { message: string; code: string } | null;

/**
 * A minimal stand-in for Meilisearch on 127.0.0.1: records every request, keeps the set of
 * index uids, enqueues a task for every write (succeeding unless `failTask` says otherwise)
 * and answers `GET /tasks/:uid`. `replies` overrides any route.
 */
class FakeMeilisearch {
  readonly requests: RecordedRequest[] = [];
  readonly indexes = new Set<string>();
  /** Checked first; return undefined to fall through to the default behaviour. */
  replies: (request: RecordedRequest) => Reply | undefined = () => undefined;
  /** Decides a write's task outcome; null means success. */
  failTask: (request: RecordedRequest) => TaskError = () => null;
  private readonly tasks: { status: string; error: TaskError }[] = [];
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Requests other than task polling, as `METHOD /path`. */
  calls(): string[] {
    return this.requests.filter((r) => !r.path.startsWith('/tasks/')).map((r) => `${r.method} ${r.path}`);
  }

  body(method: string, path: string): unknown {
    return this.requests.find((r) => r.method === method && r.path === path)?.body;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      body: raw ? JSON.parse(raw) : undefined,
      authorization: req.headers.authorization,
    };
    this.requests.push(request);
    const reply = this.replies(request) ?? this.route(request);
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  private route(request: RecordedRequest): Reply {
    const task = /^\/tasks\/(\d+)$/.exec(request.path);
    if (task) {
      const { status, error } = this.tasks[Number(task[1])];
      return { status: 200, body: { uid: Number(task[1]), status, error, type: 'documentAdditionOrUpdate' } };
    }
    const index = /^\/indexes\/([\w-]+)(\/stats)?$/.exec(request.path);
    if (request.method === 'GET' && index) {
      if (!this.indexes.has(index[1])) return notFound(index[1]);
      return index[2]
        ? { status: 200, body: { numberOfDocuments: 3, isIndexing: false } }
        : { status: 200, body: { uid: index[1], primaryKey: 'id', createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-02-03T04:05:06Z' } };
    }
    if (request.method === 'GET') return { status: 404, body: { code: 'not_found', message: 'no route' } };
    return this.enqueue(request);
  }

  private enqueue(request: RecordedRequest): Reply {
    const error = this.failTask(request) ?? this.applyIndexChange(request);
    this.tasks.push({ status: error ? 'failed' : 'succeeded', error });
    const taskUid = this.tasks.length - 1;
    return { status: 202, body: { taskUid, indexUid: null, status: 'enqueued', type: 'x', enqueuedAt: '2025-01-01T00:00:00Z' } };
  }

  /** Index creation, deletion and swaps change the set of uids, failing as Meilisearch would. */
  private applyIndexChange(request: RecordedRequest): TaskError {
    const body = request.body as { uid?: string } & [{ indexes: [string, string] }];
    if (request.method === 'POST' && request.path === '/indexes') {
      if (this.indexes.has(body.uid ?? '')) return { code: 'index_already_exists', message: `Index \`${body.uid}\` already exists.` };
      this.indexes.add(body.uid ?? '');
    }
    const deleted = /^\/indexes\/([\w-]+)$/.exec(request.path);
    if (request.method === 'DELETE' && deleted) {
      if (!this.indexes.delete(deleted[1])) return { code: 'index_not_found', message: `Index \`${deleted[1]}\` not found.` };
    }
    if (request.path === '/swap-indexes' && !body[0].indexes.every((uid) => this.indexes.has(uid))) {
      return { code: 'index_not_found', message: 'Indexes not found.' };
    }
    return null;
  }
}

const apiError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { code, message, type: 'invalid_request', link: '' },
});

const notFound = (uid: string): Reply => apiError(404, 'index_not_found', `Index \`${uid}\` not found.`);

const searchReply = (documents: ProviderDocument[], extra: object = {}): Reply => ({
  status: 200,
  body: {
    hits: documents.map((document) => ({ document })),
    ...{ totalHits: 57, hitsPerPage: 20, page: 1, totalPages: 3, processingTimeMs: 1, query: '' },
    ...extra,
  },
});

const rejection = async (promise: Promise<unknown>): Promise<SearchError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SearchError);
  return error as SearchError;
};

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
        filter: [
          '(specialtyCodes = "207Q00000X" OR specialtyCodes = "208D00000X")',
          'languageTags = "es"',
          'acceptingNewPatients = true',
          '_geoRadius(39.95, -75.16, 10000)',
        ].join(' AND '),
        sort: ['_geoPoint(39.95, -75.16):asc', 'id:asc'],
        facets: ['languages'],
      });
      expect(result.total).toBe(57);
      expect(result.hits.map((hit) => hit.document)).toEqual([doc]);
      expect(result.hits[0].distanceKm).toBeCloseTo(0.529, 3);
      expect(result.facets).toEqual({ language: [{ value: 'en', count: 4 }] });
    });

    it('groups by provider: a distinct page, facets over documents beside it, then the page providers\' other locations', async () => {
      const best = providerDocument({ id: 'p1-a', providerKey: 'npi:1' });
      const other = providerDocument({ id: 'p1-b', providerKey: 'npi:1' });
      const alone = providerDocument({ id: 'p2-a', providerKey: 'npi:"2"' });
      fake.replies = (r) => {
        if (r.path !== '/indexes/providers/search') return undefined;
        const body = r.body as { distinct?: string; hitsPerPage: number; filter?: string };
        if (body.distinct) return searchReply([best, alone], { totalHits: 2 });
        if (body.hitsPerPage === 0) return searchReply([], { totalHits: 3, facetDistribution: { specialtyCodes: { x: 3 } } });
        return searchReply([best, other, alone]);
      };
      const near = { latitude: 39.95, longitude: -75.16, radiusKm: 10 };
      const result = await open().search({ near, sort: 'distance', groupByProvider: true, offset: 0, limit: 2, facets: ['specialty'] });

      const bodies = fake.requests.map((r) => r.body as Record<string, unknown>);
      expect(bodies).toHaveLength(3);
      const radius = '_geoRadius(39.95, -75.16, 10000)';
      expect(bodies.find((b) => b.distinct)).toMatchObject({ distinct: 'providerKey', filter: radius, page: 1, hitsPerPage: 2 });
      expect(bodies.find((b) => b.distinct)).not.toHaveProperty('facets');
      expect(bodies.find((b) => b.hitsPerPage === 0)).toMatchObject({ facets: ['specialtyCodes'], filter: radius });
      expect(bodies.find((b) => b.hitsPerPage === 0)).not.toHaveProperty('distinct');
      expect(bodies[2]).toMatchObject({
        filter: `${radius} AND providerKey IN ["npi:1", "npi:\\"2\\""]`,
        sort: ['_geoPoint(39.95, -75.16):asc', 'id:asc'],
        page: 1,
        hitsPerPage: OTHER_LOCATIONS_LIMIT,
      });
      expect(result.total).toBe(2);
      expect(result.hits.map((h) => [h.document.id, (h.otherLocations ?? []).map((o) => o.document.id)])).toEqual([
        ['p1-a', ['p1-b']],
        ['p2-a', []],
      ]);
      expect(result.hits[0].otherLocations?.[0].distanceKm).toBeCloseTo(0.529, 3);
      expect(result.facets).toEqual({ specialty: [{ value: 'x', count: 3 }] });
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

    it('maps a rejected filter to SEARCH.INVALID_QUERY', async () => {
      fake.replies = () => apiError(400, 'invalid_search_filter', 'bad filter');
      expect((await rejection(open().search({ sort: 'relevance', offset: 0, limit: 10 }))).code).toBe('SEARCH.INVALID_QUERY');
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

    it('uses an existing index as it is', async () => {
      fake.indexes.add('providers');
      await open().upsert([providerDocument({ id: 'a' })]);
      expect(fake.calls()).toEqual(['GET /indexes/providers', 'POST /indexes/providers/documents']);
    });

    it('tolerates another replica creating the index first', async () => {
      fake.replies = (r) => (r.method === 'GET' && r.path === '/indexes/providers' ? notFound('providers') : undefined);
      fake.indexes.add('providers');
      await open().upsert([providerDocument({ id: 'a' })]);
      expect(fake.calls()).toEqual([
        'GET /indexes/providers',
        'POST /indexes',
        'PATCH /indexes/providers/settings',
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
        'POST /indexes/providers/documents/delete-batch',
        'POST /indexes/providers/documents/delete-batch',
      ]);
      expect(fake.requests.filter((r) => r.path.endsWith('/delete-batch')).map((r) => r.body)).toEqual([['a', 'b'], ['c']]);
    });

    it('refuses a batch size that could never make progress', () => {
      expect(() => open({ batchSize: 0 })).toThrow(RangeError);
    });

    it('sends nothing for empty input', async () => {
      await open().upsert([]);
      await open().remove([]);
      expect(fake.requests).toEqual([]);
    });

    it('maps a task that never ends within taskTimeoutMs to SEARCH.UNAVAILABLE', async () => {
      fake.indexes.add('providers');
      const processing = { status: 200, body: { uid: 0, status: 'processing', error: null } };
      fake.replies = (r) => (r.path.startsWith('/tasks/') ? processing : undefined);
      expect((await rejection(open({ taskTimeoutMs: 150 }).upsert([providerDocument()]))).code).toBe('SEARCH.UNAVAILABLE');
    });
  });

  describe('rebuild', () => {
    const buildUid = (): string => {
      const created = fake.requests.find((r) => r.path === '/indexes' && (r.body as { uid: string }).uid.includes('_build_'));
      return (created?.body as { uid: string }).uid;
    };

    it('fills a configured build index, swaps it in and deletes the old contents', async () => {
      fake.indexes.add('providers');
      const build = await open({ batchSize: 2 }).beginRebuild();
      await build.add([providerDocument({ id: 'a' }), providerDocument({ id: 'b' }), providerDocument({ id: 'c' })]);
      await build.commit();

      const uid = buildUid();
      expect(uid).toMatch(/^providers_build_\d+$/);
      expect(fake.calls()).toEqual([
        'POST /indexes',
        `PATCH /indexes/${uid}/settings`,
        `POST /indexes/${uid}/documents`,
        `POST /indexes/${uid}/documents`,
        'GET /indexes/providers',
        'POST /swap-indexes',
        `DELETE /indexes/${uid}`,
      ]);
      expect(fake.body('POST', '/swap-indexes')).toEqual([{ indexes: ['providers', uid], rename: false }]);
      expect([...fake.indexes]).toEqual(['providers']);
      await expect(build.add([providerDocument()])).rejects.toMatchObject({ code: 'SEARCH.FAILED' });
      const sent = fake.requests.length;
      await build.abort();
      expect(fake.requests.length).toBe(sent);
    });

    it('creates the served index before the first swap', async () => {
      const build = await open().beginRebuild();
      await build.commit();
      expect(fake.calls()).toEqual(
        expect.arrayContaining(['GET /indexes/providers', 'POST /indexes', 'PATCH /indexes/providers/settings', 'POST /swap-indexes']),
      );
      expect(fake.calls().indexOf('PATCH /indexes/providers/settings')).toBeLessThan(fake.calls().indexOf('POST /swap-indexes'));
    });

    it('never swaps in a build whose batch failed', async () => {
      fake.indexes.add('providers');
      const build = await open().beginRebuild();
      const idError = { code: 'invalid_document_id', message: 'Document identifier is invalid.' };
      fake.failTask = (r) => (r.path.endsWith('/documents') ? idError : null);
      await build.add([providerDocument()]);
      const error = await rejection(build.commit());
      expect(error.message).toContain('Document identifier is invalid.');
      expect(fake.calls()).not.toContain('POST /swap-indexes');

      await build.abort();
      expect(fake.calls().at(-1)).toBe(`DELETE /indexes/${buildUid()}`);
      expect([...fake.indexes]).toEqual(['providers']);
    });

    it('rejects a commit whose swap task fails', async () => {
      fake.indexes.add('providers');
      fake.failTask = (r) => (r.path === '/swap-indexes' ? { code: 'internal', message: 'swap went wrong' } : null);
      const build = await open().beginRebuild();
      await expect(build.commit()).rejects.toMatchObject({ code: 'SEARCH.FAILED', message: expect.stringContaining('swap went wrong') });
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
