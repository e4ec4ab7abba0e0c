import type { ProviderDocument } from '../provider-document';
import type { SearchQuery, SearchResult } from '../search-query';
import { loadLayTerms, toSynonyms } from '../synonyms/synonyms';
import { practiceLocation, providerDocument } from '@pds/search/testing';
import { buildParts } from './generation-builder';
import { IndexGeneration } from './index-generation';
import { intersectAll } from './posting-list-ops';
import { EMPTY_PREFIX_TOPS, PREFIX_TOP } from './prefix-table';
import { executeQuery } from './query-executor';
import { rankOrder, topPositions } from './ranking';
import type { Match } from './scratch';

const synonyms = toSynonyms(loadLayTerms());

function random(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    return seed / 4294967296;
  };
}

const SURNAMES = ['Parker', 'Parsons', 'Partridge', 'Paterson', 'Perez', 'Smith', 'Smithers', 'Stone', 'Physick', 'Garcia'];
const SPECIALTIES = ['Physician Assistant', 'Family Medicine', 'Physical Therapist', 'Pediatrics', 'Cardiology'];

/** 4,000 documents sharing a small vocabulary, so short prefixes and common words match thousands. */
function corpus(): ProviderDocument[] {
  const next = random(11);
  return Array.from({ length: 4000 }, (_, i) => {
    const surname = SURNAMES[Math.floor(next() * SURNAMES.length)];
    return providerDocument({
      id: `d${String(i).padStart(5, '0')}`,
      name: `${i % 3 === 0 ? 'Pat' : 'Sam'} ${surname}`,
      familyName: surname,
      specialties: [{ code: `s${i % SPECIALTIES.length}`, display: SPECIALTIES[i % SPECIALTIES.length] }],
      networks: [{ id: `net-${i % 4}`, name: null }],
      organization: i % 5 === 0 ? { id: 'org-p', name: 'Parkside Physicians' } : null,
      // Most are practitioners, so a kinds filter is broad (tested per candidate, see FilterIndex).
      kind: i % 7 === 0 ? 'pharmacy' : 'practitioner',
      location: practiceLocation({ position: i % 13 === 0 ? null : { latitude: 39 + next() * 2, longitude: -76 + next() * 2 } }),
    });
  });
}

function generationOf(documents: ProviderDocument[]): IndexGeneration {
  const sorted = [...documents].sort((a, b) => (a.id < b.id ? -1 : 1));
  return new IndexGeneration(
    buildParts(
      sorted.map((d) => d.id),
      sorted.map((d) => Buffer.from(JSON.stringify(d))),
      null,
    ),
    synonyms,
  );
}

/** The whole text match, then the filters, then the area: the order the planner may change. */
function textFirstMatch(generation: IndexGeneration, query: SearchQuery): Match {
  let match = generation.text.match(generation.text.plan(query.text)!);
  const { list, broadList } = generation.filters.match(query.filters);
  const filtered = intersectAll([list, broadList].filter((found): found is Uint32Array => found !== null));
  if (filtered) {
    const allowed = new Set(filtered);
    const keep = Array.from(match.nums!.keys()).filter((i) => allowed.has(match.nums![i]));
    match = { nums: Uint32Array.from(keep, (i) => match.nums![i]), scores: Float32Array.from(keep, (i) => match.scores![i]), distances: null, ascending: false };
  }
  return query.near ? generation.geo.within(match, { near: query.near }) : match;
}

function textFirst(generation: IndexGeneration, query: SearchQuery): ReturnType<typeof summary> {
  const match = textFirstMatch(generation, query);
  const total = match.nums!.length;
  const page = topPositions(total, Math.min(total, query.offset + query.limit), rankOrder(match, query.sort)).subarray(query.offset);
  return { total, hits: Array.from(page, (position) => [generation.parts.ids.get(match.nums![position]), match.distances ? match.distances[position] : null]) };
}

function textFirstFacets(generation: IndexGeneration, query: SearchQuery): SearchResult['facets'] {
  return generation.facets.count(textFirstMatch(generation, query).nums, query.facets!);
}

const summary = (result: SearchResult) => ({ total: result.total, hits: result.hits.map((h) => [h.document.id, h.distanceKm]) });

describe('query plans give the answers of the plain evaluation', () => {
  const generation = generationOf(corpus());
  // The same index without type-ahead tables: every prefix goes through the postings.
  const plain = new IndexGeneration({ ...generation.parts, prefixTops: EMPTY_PREFIX_TOPS }, synonyms);

  it.each(['p', 'pa', 'par', 'phy', 's', 'smi', 'sam'])('answers the lone prefix "%s" from its precomputed page', (text) => {
    expect(generation.text.prefixAnswer(generation.text.plan(text)!)).not.toBeNull();
    for (const [offset, limit] of [
      [0, 10],
      [37, 20],
      [PREFIX_TOP - 5, 10],
    ]) {
      const query: SearchQuery = { text, sort: 'relevance', offset, limit };
      expect(summary(executeQuery(generation, query))).toEqual(summary(executeQuery(plain, query)));
    }
  });

  it.each(['physician', 'phisician', 'parker', 'pat smith', 'parkside phy', 'pediatrics', 'family medicine s'])(
    'scores "%s" within a radius or a filter as it scores the whole match',
    (text) => {
      const near = { latitude: 40, longitude: -75, radiusKm: 30 };
      const queries: SearchQuery[] = [
        { text, near, sort: 'relevance', offset: 0, limit: 50 },
        { text, near, sort: 'distance', offset: 5, limit: 30 },
        { text, filters: { networks: ['net-1'] }, sort: 'relevance', offset: 0, limit: 50 },
        { text, near, filters: { networks: ['net-2', 'net-3'] }, sort: 'relevance', offset: 0, limit: 50, facets: ['network'] },
        { text, near, filters: { kinds: ['practitioner'] }, sort: 'distance', offset: 0, limit: 50, facets: ['kind'] },
        { text, filters: { kinds: ['practitioner'], networks: ['net-1'] }, sort: 'relevance', offset: 10, limit: 20 },
      ];
      for (const query of queries) {
        const planned = executeQuery(generation, query);
        // Text first, as a whole: what the plan must agree with.
        const match = generation.text.match(generation.text.plan(text)!);
        const whole = generation.text.matchWithin(generation.text.plan(text)!, { nums: Uint32Array.from({ length: generation.count }, (_, i) => i), scores: null, distances: null, ascending: true });
        expect(Array.from(whole.nums!)).toEqual(Array.from(match.nums!).sort((a, b) => a - b));
        const scoreOf = new Map(Array.from(match.nums!, (num, i) => [num, match.scores![i]]));
        expect(Array.from(whole.nums!, (num) => scoreOf.get(num))).toEqual(Array.from(whole.scores!));
        expect(planned.total).toBeGreaterThan(0);
        expect(summary(planned)).toEqual(textFirst(generation, query));
        expect(planned.facets).toEqual(query.facets ? textFirstFacets(generation, query) : {});
      }
    },
  );
});
