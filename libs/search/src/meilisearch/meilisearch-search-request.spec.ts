import type { SearchResponse } from 'meilisearch';
import { haversineKm } from '../geo-distance';
import type { SearchQuery } from '../search-query';
import { practiceLocation, providerDocument } from '@pds/search/testing';
import type { MeiliProviderHit } from './meilisearch-document';
import { emptyResult, type MeiliSearchRequest, pageWindow, toSearchRequest, toSearchResult } from './meilisearch-search-request';

const query = (overrides: Partial<SearchQuery> = {}): SearchQuery => ({ sort: 'relevance', offset: 0, limit: 10, ...overrides });
const near = { latitude: 39.95, longitude: -75.16, radiusKm: 5 };
const hex = (value: string): string => Buffer.from(value, 'utf8').toString('hex');

describe('pageWindow', () => {
  it('is exactly the window when offset is a multiple of limit', () => {
    expect(pageWindow(0, 10)).toEqual({ page: 1, hitsPerPage: 10, skip: 0 });
    expect(pageWindow(40, 20)).toEqual({ page: 3, hitsPerPage: 20, skip: 0 });
  });

  it('counts without hits for limit 0', () => {
    expect(pageWindow(30, 0)).toEqual({ page: 1, hitsPerPage: 0, skip: 0 });
  });

  it('otherwise finds the smallest page holding the whole window', () => {
    expect(pageWindow(5, 10)).toEqual({ page: 1, hitsPerPage: 15, skip: 5 });
    expect(pageWindow(1005, 10)).toEqual({ page: 68, hitsPerPage: 15, skip: 0 });
    for (let offset = 0; offset < 200; offset++) {
      for (const limit of [1, 3, 10, 25]) {
        const { page, hitsPerPage, skip } = pageWindow(offset, limit);
        expect((page - 1) * hitsPerPage + skip).toBe(offset);
        expect(skip + limit).toBeLessThanOrEqual(hitsPerPage);
      }
    }
  });
});

describe('toSearchRequest', () => {
  it('orders by id when there is neither text nor a point', () => {
    expect(toSearchRequest(query())).toEqual({
      q: null,
      params: {
        page: 1,
        hitsPerPage: 10,
        attributesToRetrieve: ['document'],
        matchingStrategy: 'all',
        showRankingScore: true,
        showRankingScoreDetails: true,
        sort: ['idKey:asc'],
      },
      skip: 0,
    });
  });

  it('leaves text relevance to the ranking rules', () => {
    const request = toSearchRequest(query({ text: 'cardiology', filters: { plans: ['a:p'] } }));
    expect(request.q).toBe('cardiology');
    expect(request.params.sort).toBeUndefined();
    expect(request.params.filter).toBe(`planKeys = "${Buffer.from('a:p').toString('hex')}"`);
  });

  it('treats blank or punctuation-only text as no text', () => {
    expect(toSearchRequest(query({ text: '   ' }))).toMatchObject({ q: null, params: { sort: ['idKey:asc'] } });
    expect(toSearchRequest(query({ text: ' ?! "-" ' }))).toMatchObject({ q: null, params: { sort: ['idKey:asc'] } });
  });

  it('sends the normalised words, never query syntax: no phrase, no negation, a last word that stays a prefix', () => {
    expect(toSearchRequest(query({ text: '"Heart doctor" -Chen, cardio ' })).q).toBe('heart doctor chen cardio');
    expect(toSearchRequest(query({ text: 'José  O\'Brien.' })).q).toBe('jose o brien');
  });

  it('orders by distance, then id, for a distance sort and for relevance without text near a point', () => {
    const byDistance = ['_geoPoint(39.95, -75.16):asc', 'idKey:asc'];
    const filter = '_geoRadius(39.95, -75.16, 5000)';
    expect(toSearchRequest(query({ sort: 'distance', near, text: 'smith' })).params).toMatchObject({ sort: byDistance, filter });
    expect(toSearchRequest(query({ near })).params).toMatchObject({ sort: byDistance, filter });
    expect(toSearchRequest(query({ near, text: 'smith' })).params.sort).toBeUndefined();
  });

  it('asks for each facet once, by attribute', () => {
    expect(toSearchRequest(query({ facets: ['specialty', 'language', 'acceptingNewPatients', 'specialty'] })).params.facets).toEqual([
      'specialtyKeys',
      'languages',
      'acceptingNewPatients',
    ]);
    expect(toSearchRequest(query({ facets: [] })).params.facets).toBeUndefined();
  });
});

describe('toSearchResult', () => {
  const positioned = providerDocument({ id: 'a', location: practiceLocation({ position: { latitude: 39.96, longitude: -75.17 } }) });
  const unpositioned = providerDocument({ id: 'b', location: practiceLocation({ position: null }) });
  const response = (hits: MeiliProviderHit[], extra: object = {}) =>
    ({ hits, totalHits: 42, hitsPerPage: 15, page: 1, totalPages: 3, processingTimeMs: 1, query: '', ...extra }) as SearchResponse<
      MeiliProviderHit,
      MeiliSearchRequest['params']
    >;

  it('uses the exhaustive totalHits, drops hits before the offset and trims to the limit', () => {
    const docs = Array.from({ length: 15 }, (_, i) => providerDocument({ id: `d${i}` }));
    const q = query({ offset: 5, limit: 10 });
    const result = toSearchResult(response(docs.map((document) => ({ document }))), q, toSearchRequest(q));
    expect(result.total).toBe(42);
    expect(result.hits.map((hit) => hit.document.id)).toEqual(docs.slice(5, 15).map((d) => d.id));
    expect(result.hits.every((hit) => hit.distanceKm === null)).toBe(true);
  });

  it('measures haversine distance from the query point, as the embedded adapter does', () => {
    const q = query({ near });
    const [hit] = toSearchResult(response([{ document: positioned }]), q, toSearchRequest(q)).hits;
    expect(hit.distanceKm).toBe(haversineKm(39.95, -75.16, 39.96, -75.17));
    expect(toSearchResult(response([{ document: unpositioned }]), query(), toSearchRequest(query())).hits[0].distanceKm).toBeNull();
  });

  it('returns requested facets sorted by count, then value; absent ones as empty lists', () => {
    const q = query({ facets: ['specialty', 'acceptingNewPatients', 'network'] });
    const result = toSearchResult(
      response([], {
        facetDistribution: { specialtyKeys: { [hex('b')]: 2, [hex('c')]: 5, [hex('a')]: 2 }, acceptingNewPatients: { true: 3, false: 1 } },
      }),
      q,
      toSearchRequest(q),
    );
    expect(result.facets).toEqual({
      specialty: [
        { value: 'c', count: 5 },
        { value: 'a', count: 2 },
        { value: 'b', count: 2 },
      ],
      acceptingNewPatients: [
        { value: 'true', count: 3 },
        { value: 'false', count: 1 },
      ],
      network: [],
    });
  });

  it('orders equal scores by distance for text near a point, keeping the order Meilisearch sent otherwise', () => {
    const at = (id: string, northKm: number) => providerDocument({ id, location: practiceLocation({ position: { latitude: 39.95 + northKm / 111.2, longitude: -75.16 } }) });
    // Meilisearch's order: score, then id (the last ranking rule).
    const hits = [
      { document: at('a', 4), _rankingScore: 0.9 },
      { document: at('b', 3), _rankingScore: 0.5 },
      { document: at('c', 1), _rankingScore: 0.5 },
      { document: at('d', 3), _rankingScore: 0.5 },
      { document: at('e', 0.5), _rankingScore: 0.2 },
    ];
    const textNear = query({ text: 'smith', near: { ...near, radiusKm: 50 } });
    expect(toSearchResult(response(hits), textNear, toSearchRequest(textNear)).hits.map((h) => h.document.id)).toEqual(['a', 'c', 'b', 'd', 'e']);
    const text = query({ text: 'smith' });
    expect(toSearchResult(response(hits), text, toSearchRequest(text)).hits.map((h) => h.document.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('refuses an answer cut short by searchCutoffMs (unranked hits show a skipped rule)', () => {
    const skipped = { document: positioned, _rankingScore: 0, _rankingScoreDetails: { skipped: { order: 0 } } };
    expect(() => toSearchResult(response([skipped]), query(), toSearchRequest(query()))).toThrow(
      expect.objectContaining({ code: 'SEARCH.OVERLOADED', message: expect.stringContaining('searchCutoffMs') }),
    );
  });

  it('answers an index that does not exist yet with nothing', () => {
    expect(emptyResult(query({ facets: ['gender'] }))).toEqual({ total: 0, hits: [], facets: { gender: [] } });
  });
});
