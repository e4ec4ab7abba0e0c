import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type TestRedis, startTestRedis } from '@pds/testing';
import { LISTS, SEARCH, WIDGET_QUERIES, graphql as widgetGraphql } from '../apps/widget/src/api';
import { type RunningService, redisEnv, serviceEnv, startApi, waitFor } from './support/service-process';

jest.setTimeout(90_000);

const ADMIN_KEY = 'persisted-queries-admin-key';
const sha256 = (query: string) => createHash('sha256').update(query).digest('hex');

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] } | null;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer['body']) : null };
}

/** An APQ GET as the widget sends it: hash only, and the header Apollo's CSRF prevention asks of GETs. */
function getByHash(api: RunningService, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const url = new URL('/graphql', api.url);
  url.searchParams.set('variables', JSON.stringify(variables));
  url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(query) } }));
  return fetch(url, { headers: { 'x-apollo-operation-name': 'Q', ...headers } }).then(answer);
}

function post(api: RunningService, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(answer);
}

const registration = (query: string) => ({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
const codeOf = (reply: Answer) => reply.body?.errors?.[0]?.extensions?.code;

describe('automatic persisted queries and HTTP caching of search answers', () => {
  let dataDir: string;
  let api: RunningService;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-apq-'));
    api = await startApi(serviceEnv({ DATA_DIR: dataDir, DEMO_DATA: 'off', ADMIN_API_KEY: ADMIN_KEY }));
  });

  afterAll(async () => {
    await api?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers an unknown hash PersistedQueryNotFound, registers it from a POST, then serves the GET', async () => {
    const query = '{ payers { id name } }';
    const miss = await getByHash(api, query);
    expect(codeOf(miss)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(api, registration(query));
    expect(registered.body?.errors).toBeUndefined();
    const hit = await getByHash(api, query);
    expect(hit.status).toBe(200);
    expect(hit.body).toMatchObject({ data: { payers: [] } });
  });

  it("the widget's client falls back to one registering POST for a hash the server does not know, then GETs", async () => {
    const fetches = jest.spyOn(globalThis, 'fetch');
    try {
      const query = 'query Languages { languages { code } }';
      const endpoint = `${api.url}/graphql`;
      await expect(widgetGraphql(endpoint, query, {})).resolves.toEqual({ languages: [] });
      await expect(widgetGraphql(endpoint, query, {})).resolves.toEqual({ languages: [] });
      expect(fetches.mock.calls.map(([, init]) => init?.method)).toEqual(['GET', 'POST', 'GET']);
    } finally {
      fetches.mockRestore();
    }
  });

  it("serves the widget's queries by hash from the first GET: the build lists them", async () => {
    const hit = await getByHash(api, SEARCH, { first: 5 });
    expect(hit.body?.errors).toBeUndefined();
    expect(hit.body?.data).toHaveProperty('searchProviders.totalCount', 0);
  });

  it("keeps Apollo's CSRF prevention: a GET without a non-simple header is refused", async () => {
    const url = new URL('/graphql', api.url);
    url.searchParams.set('query', '{ payers { id } }');
    const refused = await fetch(url).then(answer);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/CSRF/);
  });

  it('gives search answers Cache-Control and an ETag of the index generation, and answers a matching If-None-Match 304', async () => {
    const first = await getByHash(api, SEARCH, { first: 5 });
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"\d+-\d+"$/);
    const again = await getByHash(api, SEARCH, { first: 5 }, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    const stale = await getByHash(api, SEARCH, { first: 5 }, { 'if-none-match': 'W/"1-1"' });
    expect(stale.status).toBe(200);
  });

  it('changes the ETag when a new index generation is served, so an old one no longer gets 304', async () => {
    const before = (await getByHash(api, SEARCH, { first: 5 })).headers.get('etag')!;
    const reindex = await post(api, { query: 'mutation { reindex }' }, { 'x-admin-key': ADMIN_KEY });
    expect(reindex.body?.errors).toBeUndefined();
    let after = before;
    await waitFor(async () => (after = (await getByHash(api, SEARCH, { first: 5 })).headers.get('etag')!) !== before, 30_000, () => `ETag still ${before}`);
    expect((await getByHash(api, SEARCH, { first: 5 }, { 'if-none-match': before })).status).toBe(200);
    expect((await getByHash(api, SEARCH, { first: 5 }, { 'if-none-match': after })).status).toBe(304);
  });

  it('marks admin answers, mutations and errors no-store', async () => {
    const admin = await post(api, { query: '{ indexStatus { documents } }' }, { 'x-admin-key': ADMIN_KEY });
    expect(admin.body?.errors).toBeUndefined();
    expect(admin.headers.get('cache-control')).toBe('no-store');
    expect(admin.headers.get('etag')).toBeNull();
    const mutation = await post(api, { query: 'mutation { reindex }' }, { 'x-admin-key': ADMIN_KEY });
    expect(mutation.headers.get('cache-control')).toBe('no-store');
    const refused = await post(api, { query: '{ searchProviders(first: 0) { totalCount } }' });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });
});

describe('PERSISTED_QUERIES_ONLY', () => {
  let dataDir: string;
  let api: RunningService;
  const listedByOperator = '{ languages { code name } }';

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-pq-only-'));
    const manifest = path.join(dataDir, 'queries.json');
    await fs.writeFile(manifest, JSON.stringify({ [sha256(listedByOperator)]: listedByOperator }));
    api = await startApi(serviceEnv({ DATA_DIR: dataDir, DEMO_DATA: 'off', PERSISTED_QUERIES_ONLY: 'true', PERSISTED_QUERIES_FILE: manifest }));
  });

  afterAll(async () => {
    await api?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it.each(WIDGET_QUERIES.map((query) => [/query (\w+)/.exec(query)![1], query]))("serves the widget's %s query by hash", async (_name, query) => {
    const hit = await getByHash(api, query, { text: 'card', key: 'npi:1234567893', first: 5 });
    expect(hit.body?.errors).toBeUndefined();
  });

  it("serves the operator's listed query by hash and as text", async () => {
    expect((await getByHash(api, listedByOperator)).body?.errors).toBeUndefined();
    expect((await post(api, { query: listedByOperator })).body?.errors).toBeUndefined();
  });

  it('refuses any other query, sent as text or registered, saying what is accepted', async () => {
    for (const body of [{ query: '{ payers { id } }' }, registration('{ payers { id } }')]) {
      const refused = await post(api, body);
      expect(refused.status).toBe(400);
      expect(codeOf(refused)).toBe('PERSISTED_QUERY_NOT_LISTED');
      expect(refused.body?.errors?.[0].message).toMatch(/only persisted queries.*the widget's and those its operator listed in PERSISTED_QUERIES_FILE/);
    }
    expect(codeOf(await getByHash(api, '{ payers { id } }'))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('persisted queries shared by API replicas through Redis', () => {
  let redis: TestRedis;
  const dataDirs: string[] = [];
  const replicas: RunningService[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    for (let i = 0; i < 2; i += 1) {
      dataDirs.push(await fs.mkdtemp(path.join(os.tmpdir(), 'pds-apq-redis-')));
      const env = serviceEnv({ DATA_DIR: dataDirs[i], DEMO_DATA: 'off', ...redisEnv(redis) });
      replicas.push(await startApi(env));
    }
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await redis?.cleanup();
    await Promise.all(dataDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  it('serves on one replica a query registered on the other', async () => {
    const query = `${LISTS} # registered on replica 0`;
    expect(codeOf(await getByHash(replicas[1], query, { payers: [] }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(replicas[0], { ...registration(query), variables: { payers: [] } })).body?.errors).toBeUndefined();
    const hit = await getByHash(replicas[1], query, { payers: [] });
    expect(hit.body?.errors).toBeUndefined();
    expect(hit.body?.data).toHaveProperty('languages');
  });
});
