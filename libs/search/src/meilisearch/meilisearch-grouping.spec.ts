import type { ProviderDocument } from '../provider-document';
import {
  FakeMeilisearch,
  practiceLocation,
  providerDocument,
  type RecordedRequest,
  rejection,
  searchReply,
} from '@pds/search/testing';
import { providerGroup } from './meilisearch-document';
import { GROUPED_ATTEMPTS } from './meilisearch-grouping';
import { MeilisearchSearchIndex } from './meilisearch-search-index.adapter';
import { OTHER_LOCATIONS_PAGE } from './meilisearch-search-request';

type Body = { distinct?: string; hitsPerPage: number; page: number; filter?: string; facets?: string[] };

const near = { latitude: 39.95, longitude: -75.16, radiusKm: 10 };
const radius = '_geoRadius(39.95, -75.16, 10000)';
/** A document `northKm` north of `near`. */
const at = (id: string, providerKey: string, northKm: number): ProviderDocument =>
  providerDocument({ id, providerKey, location: practiceLocation({ position: { latitude: near.latitude + northKm / 111.2, longitude: near.longitude } }) });

describe('grouped search on Meilisearch', () => {
  let fake: FakeMeilisearch;
  let index: MeilisearchSearchIndex;
  const searches = (): Body[] => fake.requests.filter((r) => r.path.endsWith('/search')).map((r) => r.body as Body);

  beforeEach(async () => {
    fake = new FakeMeilisearch();
    fake.indexes.add('providers');
    index = new MeilisearchSearchIndex({ url: await fake.start(), taskTimeoutMs: 2000 });
  });
  afterEach(() => fake.stop());

  /** Answers the distinct page, the facet count and the locations requests from fixed documents. */
  const answer = (page: ProviderDocument[], locations: ProviderDocument[], scores: Record<string, number> = {}) => (r: RecordedRequest) => {
    if (!r.path.endsWith('/search')) return undefined;
    const body = r.body as Body;
    const hits = (documents: ProviderDocument[]) => documents.map((document) => ({ document, _rankingScore: scores[document.id] ?? 1 }));
    if (body.distinct) return { status: 200, body: { hits: hits(page), totalHits: page.length, page: 1, hitsPerPage: body.hitsPerPage, totalPages: 1 } };
    if (body.hitsPerPage === 0) return searchReply([], { totalHits: 3, facetDistribution: { specialtyKeys: { [Buffer.from('x').toString('hex')]: 3 } } });
    const slice = locations.slice((body.page - 1) * body.hitsPerPage, body.page * body.hitsPerPage);
    return { status: 200, body: { hits: hits(slice), totalHits: locations.length, page: body.page, hitsPerPage: body.hitsPerPage, totalPages: 1 } };
  };

  it('asks a distinct page, facets over documents beside it, then the page providers\' locations, between two reads of the generation', async () => {
    const [best, other, alone] = [at('p1-a', 'npi:1', 1), at('p1-b', 'npi:1', 2), at('p2-a', 'npi:"2"', 3)];
    fake.replies = answer([best, alone], [best, other, alone]);
    const result = await index.search({ near, sort: 'distance', groupByProvider: true, offset: 0, limit: 2, facets: ['specialty'] });

    expect(fake.calls().filter((call) => call.startsWith('GET'))).toEqual(['GET /indexes/providers', 'GET /indexes/providers']);
    expect(fake.calls()[0]).toBe('GET /indexes/providers');
    expect(fake.calls().at(-1)).toBe('GET /indexes/providers');
    const bodies = searches();
    expect(bodies).toHaveLength(3);
    expect(bodies.find((b) => b.distinct)).toMatchObject({ distinct: 'providerGroup', filter: radius, page: 1, hitsPerPage: 2 });
    expect(bodies.find((b) => b.distinct)).not.toHaveProperty('facets');
    expect(bodies.find((b) => b.hitsPerPage === 0)).toMatchObject({ facets: ['specialtyKeys'], filter: radius });
    expect(bodies[2]).toMatchObject({
      filter: `${radius} AND providerGroup IN ["${providerGroup('npi:1')}", "${providerGroup('npi:"2"')}"]`,
      sort: ['_geoPoint(39.95, -75.16):asc', 'idKey:asc'],
      page: 1,
      hitsPerPage: OTHER_LOCATIONS_PAGE,
    });
    expect(result.total).toBe(2);
    expect(result.hits.map((h) => [h.document.id, (h.otherLocations ?? []).map((o) => o.document.id)])).toEqual([
      ['p1-a', ['p1-b']],
      ['p2-a', []],
    ]);
    expect(result.hits[0].otherLocations?.[0].distanceKm).toBeCloseTo(2, 2);
    expect(result.facets).toEqual({ specialty: [{ value: 'x', count: 3 }] });
  });

  it('pages through the locations past one request instead of cutting the list', async () => {
    const many = Array.from({ length: OTHER_LOCATIONS_PAGE + 5 }, (_, i) => at(`p1-${String(i).padStart(5, '0')}`, 'npi:1', 1 + i / 10_000));
    fake.replies = answer([many[0]], many);
    const [hit] = (await index.search({ near, sort: 'distance', groupByProvider: true, offset: 0, limit: 1 })).hits;
    expect(searches().filter((b) => !b.distinct).map((b) => b.page)).toEqual([1, 2]);
    expect(hit.otherLocations).toHaveLength(OTHER_LOCATIONS_PAGE + 4);
  });

  it('makes the search again when the index was swapped between its requests', async () => {
    const [a, b] = [at('p1-a', 'npi:1', 1), at('p2-a', 'npi:2', 2)];
    let swaps = 1;
    const base = answer([a, b], [a, b]);
    fake.replies = (r) => {
      // The swap lands while the first attempt's locations are asked.
      if (r.path.endsWith('/search') && !(r.body as Body).distinct && swaps > 0) fake.createdAt = `2026-01-0${swaps--}T00:00:00Z`;
      return base(r);
    };
    const result = await index.search({ near, sort: 'distance', groupByProvider: true, offset: 0, limit: 2 });
    expect(result.hits.map((h) => h.document.id)).toEqual(['p1-a', 'p2-a']);
    expect(searches().filter((b) => b.distinct)).toHaveLength(2);
  });

  it(`gives up as SEARCH.UNAVAILABLE after ${GROUPED_ATTEMPTS} attempts that each saw a swap`, async () => {
    const [a] = [at('p1-a', 'npi:1', 1)];
    const base = answer([a], [a]);
    let generation = 0;
    fake.replies = (r) => {
      if (r.path.endsWith('/search')) fake.createdAt = `generation ${generation++}`;
      return base(r);
    };
    const error = await rejection(index.search({ near, sort: 'distance', groupByProvider: true, offset: 0, limit: 1 }));
    expect(error).toMatchObject({ code: 'SEARCH.UNAVAILABLE', message: expect.stringContaining('replaced') });
    expect(searches().filter((b) => b.distinct)).toHaveLength(GROUPED_ATTEMPTS);
  });

  it('shows each provider at its nearest equally relevant location for text near a point, and orders providers so', async () => {
    // Meilisearch's distinct keeps the lowest id among equal scores; the embedded engine the nearest.
    const [p1Far, p1Near, p2] = [at('p1-a', 'npi:1', 8), at('p1-b', 'npi:1', 1), at('p2-a', 'npi:2', 4)];
    fake.replies = answer([p1Far, p2], [p1Far, p1Near, p2], { 'p1-a': 0.5, 'p1-b': 0.5, 'p2-a': 0.5 });
    const result = await index.search({ text: 'whitfield', near, sort: 'relevance', groupByProvider: true, offset: 0, limit: 2 });
    expect(result.hits.map((h) => [h.document.id, (h.otherLocations ?? []).map((o) => o.document.id)])).toEqual([
      ['p1-b', ['p1-a']],
      ['p2-a', []],
    ]);
  });
});
