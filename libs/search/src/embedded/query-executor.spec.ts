import type { ProviderDocument } from '../provider-document';
import type { SearchFilters, SearchQuery } from '../search-query';
import { practiceLocation, providerDocument } from '@pds/search/testing';
import { haversineKm } from '../geo-distance';
import { loadLayTerms, toSynonyms } from '../synonyms/synonyms';
import { buildParts } from './generation-builder';
import { inBox } from './geo-boxes';
import { IndexGeneration } from './index-generation';
import { executeQuery } from './query-executor';

function generationOf(documents: ProviderDocument[]): IndexGeneration {
  const sorted = [...documents].sort((a, b) => (a.id < b.id ? -1 : 1));
  const parts = buildParts(
    sorted.map((d) => d.id),
    sorted.map((d) => Buffer.from(JSON.stringify(d))),
    null,
  );
  return new IndexGeneration(parts, toSynonyms(loadLayTerms()));
}

function random(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    return seed / 4294967296;
  };
}

/** 6,000 documents scattered over ~1° around Philadelphia, some without a position. */
function scattered(): ProviderDocument[] {
  const next = random(3);
  return Array.from({ length: 6000 }, (_, i) =>
    providerDocument({
      id: `p${String((i * 7919) % 6000).padStart(5, '0')}`,
      specialties: [{ code: i % 10 === 0 ? 'rare' : 'common', display: null }],
      networks: [{ id: `net-${i % 3}`, name: null }],
      location: practiceLocation({
        position: i % 17 === 0 ? null : { latitude: 39.5 + next(), longitude: -75.7 + next() },
      }),
    }),
  );
}

describe('executeQuery', () => {
  const documents = scattered();
  const generation = generationOf(documents);
  const near = { latitude: 39.95, longitude: -75.16, radiusKm: 25 };

  /** Brute force: what the index must return for `near` + `filter`, nearest first, ties by id. */
  function expected(filter: (d: ProviderDocument) => boolean): string[] {
    return documents
      .filter((d) => d.location.position && filter(d))
      .map((d) => ({ id: d.id, km: haversineKm(near.latitude, near.longitude, d.location.position!.latitude, d.location.position!.longitude) }))
      .filter((d) => d.km <= near.radiusKm)
      .sort((a, b) => a.km - b.km || (a.id < b.id ? -1 : 1))
      .map((d) => d.id);
  }

  it.each<[string, SearchFilters | undefined, (d: ProviderDocument) => boolean]>([
    ['no filter (tree walk)', undefined, () => true],
    ['a large filter set (tree walk with a bitset)', { specialties: ['common'] }, (d) => d.specialties[0].code === 'common'],
    ['a small filter set (candidate scan)', { specialties: ['rare'] }, (d) => d.specialties[0].code === 'rare'],
    ['two fields', { specialties: ['rare'], networks: ['net-1', 'net-2'] }, (d) => d.specialties[0].code === 'rare' && d.networks[0].id !== 'net-0'],
  ])('matches brute force near + %s', (_name, filters, filter) => {
    const want = expected(filter);
    expect(want.length).toBeGreaterThan(20);
    const query: SearchQuery = { near, filters, sort: 'distance', offset: 0, limit: want.length };
    const result = executeQuery(generation, query);
    expect(result.total).toBe(want.length);
    expect(result.hits.map((h) => h.document.id)).toEqual(want);
    expect(executeQuery(generation, { ...query, offset: 10, limit: 5 }).hits.map((h) => h.document.id)).toEqual(want.slice(10, 15));
  });

  it.each<[string, SearchFilters | undefined]>([
    ['no filter (tree walk)', undefined],
    ['a small filter set (candidate scan)', { specialties: ['rare'] }],
  ])('matches brute force in a bounding box, alone and with near, with %s', (_name, filters) => {
    const box = { north: 40.1, south: 39.8, west: -75.3, east: -75.0 };
    const rare = (d: ProviderDocument) => !filters || d.specialties[0].code === 'rare';
    const inside = (d: ProviderDocument) => rare(d) && d.location.position !== null && inBox(box, d.location.position.latitude, d.location.position.longitude);
    const boxed = documents.filter(inside).map((d) => d.id).sort();
    expect(boxed.length).toBeGreaterThan(20);
    const all = executeQuery(generation, { boundingBox: box, filters, sort: 'relevance', offset: 0, limit: 10_000 });
    expect(all.hits.map((h) => h.document.id)).toEqual(boxed);
    const both = executeQuery(generation, { boundingBox: box, near, filters, sort: 'distance', offset: 0, limit: 10_000 });
    expect(both.hits.map((h) => h.document.id)).toEqual(expected((d) => inside(d)));
  });

  it('counts facets over every document the same way, cached or not', () => {
    const facets = ['specialty', 'network', 'gender'] as const;
    const everything = executeQuery(generation, { sort: 'relevance', offset: 0, limit: 0, facets }).facets;
    const filtered = executeQuery(generation, { sort: 'relevance', offset: 0, limit: 0, facets, filters: { kinds: ['practitioner'] } }).facets;
    expect(everything).toEqual(filtered);
    expect(everything.network).toEqual([{ value: 'net-0', count: 2000 }, { value: 'net-1', count: 2000 }, { value: 'net-2', count: 2000 }]);
    expect(executeQuery(generation, { sort: 'relevance', offset: 0, limit: 0, facets: ['gender'] }).facets).toEqual({ gender: everything.gender });
  });

  it('orders an unfiltered page by id', () => {
    const ids = documents.map((d) => d.id).sort();
    expect(executeQuery(generation, { sort: 'relevance', offset: 100, limit: 3 }).hits.map((h) => h.document.id)).toEqual(ids.slice(100, 103));
  });

  it.each<[string, Partial<SearchQuery>, RegExp]>([
    ['distance sort without near', { sort: 'distance' }, /needs near/],
    ['a negative offset', { offset: -1 }, /offset/],
    ['a fractional limit', { limit: 2.5 }, /limit/],
    ['a zero radius', { near: { latitude: 0, longitude: 0, radiusKm: 0 } }, /radiusKm/],
    ['a latitude out of range', { near: { latitude: 91, longitude: 0, radiusKm: 1 } }, /latitude/],
  ])('rejects %s as SEARCH.INVALID_QUERY', (_name, override, message) => {
    const run = () => executeQuery(generation, { sort: 'relevance', offset: 0, limit: 1, ...override });
    expect(run).toThrow(message);
    expect(run).toThrow(expect.objectContaining({ code: 'SEARCH.INVALID_QUERY' }));
  });
});
