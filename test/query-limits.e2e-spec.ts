import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { WIDGET_QUERIES } from '../apps/widget/src/api';
import { type RunningService, serviceEnv, startApi } from './support/service-process';
import { SEARCH_FACETS, SEARCH_PROVIDERS } from './search-queries';

jest.setTimeout(60_000);

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
}

async function post(api: RunningService, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const aliased = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
/** The example: 300 of these in one POST took 1.4 s of CPU and 9 MB of answer. */
const SEARCH_WITH_FACETS = 'searchProviders(first: 100) { totalCount edges { node { name networks { id name } } } facets { specialty { value count } network { value count } } }';
const EVERY_LIST = 'searchProviders(first: 100) { edges { node { specialties { code } networks { id } plans { id } payers { id } hours { opens } accessibility { code } endpoints { id } otherLocations { phones location { id } } } } }';

describe('limits on what one request may ask, over HTTP', () => {
  let api: RunningService;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-limits-'));
    // The default limits: what they let through is what clients get.
    api = await startApi(serviceEnv({ DATA_DIR: dataDir, DEMO_DATA: 'off' }));
  });

  afterAll(async () => {
    await api?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("refuses the issue's 300 aliases of searchProviders(first: 100) with facets before parsing them whole", async () => {
    const { status, body } = await post(api, aliased(300, SEARCH_WITH_FACETS));
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', tokens: 2001, limit: 2000 });
    expect(body.errors![0].message).toMatch(/more than 2000 tokens; at most 2000 are accepted \(QUERY_MAX_TOKENS\)/);
  });

  it('refuses more aliases than the limit with their count and the limit', async () => {
    const { status, body } = await post(api, aliased(16, 'searchProviders(first: 1) { totalCount }'));
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', aliases: 16, limit: 15 });
    expect(body.errors![0].message).toMatch(/16 aliases; at most 15 are accepted \(QUERY_MAX_ALIASES\)/);
    expect((await post(api, aliased(15, 'searchProviders(first: 1) { totalCount }'))).body.errors).toBeUndefined();
  });

  it('refuses a query over the cost limit with its cost and the limit', async () => {
    const { status, body } = await post(api, aliased(6, EVERY_LIST));
    expect(status).toBe(400);
    const { code, cost, limit } = body.errors![0].extensions as { code: string; cost: number; limit: number };
    expect(code).toBe('QUERY_TOO_COMPLEX');
    expect(limit).toBe(25_000);
    expect(cost).toBeGreaterThan(25_000);
    expect(body.errors![0].message).toContain(`${cost} points; at most 25000 are accepted (QUERY_MAX_COST)`);
    expect((await post(api, aliased(1, EVERY_LIST))).body.errors).toBeUndefined();
  });

  it('refuses a query nested deeper than the limit', async () => {
    // The schema's deepest search (7 levels) is well within 12; a type walk is not.
    const deepest = '{ searchProviders { edges { node { otherLocations { location { address { lines } } } } } } }';
    const tooDeep = `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(10)} name ${'} '.repeat(10)} } } } }`;
    expect((await post(api, deepest)).body.errors).toBeUndefined();
    const { status, body } = await post(api, tooDeep);
    expect(status).toBe(400);
    expect(body.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', depth: 14, limit: 12 });
    expect(body.errors![0].message).toMatch(/a depth of 14; at most 12 is accepted \(QUERY_MAX_DEPTH\)/);
  });

  it('refuses a document of more tokens than the limit before parsing it whole', async () => {
    const { status, body } = await post(api, `{ ${'__typename '.repeat(2_000)}}`);
    expect(status).toBe(400);
    expect(body.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', tokens: 2001, limit: 2000 });
  });

  it('reports the cost of every successful answer', async () => {
    const small = await post(api, SEARCH_PROVIDERS, { first: 5 });
    const large = await post(api, SEARCH_PROVIDERS, { first: 50 });
    expect(small.body.errors).toBeUndefined();
    const cost = (answer: Answer) => (answer.body.extensions?.cost as { requested: number; limit: number });
    expect(cost(small)).toEqual({ requested: expect.any(Number), limit: 25_000 });
    expect(cost(large).requested).toBeGreaterThan(cost(small).requested);
  });

  const allowed: [string, string, Record<string, unknown>][] = [
    ['test SEARCH_PROVIDERS at first: 100', SEARCH_PROVIDERS, { first: 100 }],
    ['test SEARCH_FACETS', SEARCH_FACETS, {}],
    ...WIDGET_QUERIES.map((query): [string, string, Record<string, unknown>] => [`widget ${/query (\w+)/.exec(query)![1]}`, query, { first: 20, text: 'card', key: 'npi:1234567893', payers: [] }]),
  ];

  it.each(allowed)('serves %s', async (_name, query, variables) => {
    const { status, body } = await post(api, query, variables);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
  });
});
