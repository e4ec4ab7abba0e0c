import { practiceLocation, providerDocument } from '@pds/search/testing';
import { QUERY_CLASSES, toGraphqlBody, toSearchQuery } from './bench-query';
import { parseBenchArgs } from './bench-args';
import { type SizeFigures, toBenchJson } from './bench-report';
import { percentile, summarize } from './percentiles';
import { SeededRandom } from '@pds/generator';
import { letters, sampleQueries, withOneTypo } from './query-sampler';
import { withinEdits } from './text-match';

describe('bench harness (pure parts)', () => {
  describe('percentiles', () => {
    it('takes the nearest rank of sorted samples', () => {
      const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
      expect(percentile(sorted, 50)).toBe(50);
      expect(percentile(sorted, 95)).toBe(95);
      expect(percentile(sorted, 99)).toBe(99);
      expect(percentile([7], 99)).toBe(7);
      expect(percentile([], 50)).toBeNaN();
    });

    it('summarizes unsorted samples', () => {
      expect(summarize([5, 1, 4, 2, 3])).toEqual({ count: 5, p50: 3, p95: 5, p99: 5 });
    });
  });

  describe('arguments', () => {
    it('defaults to the issue sizes and accepts a quick run', () => {
      const defaults = parseBenchArgs([]);
      expect('options' in defaults && defaults.options.sizes).toEqual([100_000, 1_000_000]);
      const quick = parseBenchArgs(['--sizes', '20000', '--json', '/tmp/x.json']);
      expect('options' in quick && quick.options).toMatchObject({ sizes: [20_000], json: '/tmp/x.json', httpAt: [100_000] });
    });

    it('refuses malformed sizes and unknown flags', () => {
      expect(parseBenchArgs(['--sizes', '1e5'])).toHaveProperty('error');
      expect(parseBenchArgs(['--size', '100'])).toHaveProperty('error');
    });
  });

  describe('query sampling', () => {
    const documents = Array.from({ length: 60 }, (_, i) =>
      providerDocument({
        id: `doc-${String(i).padStart(3, '0')}`,
        familyName: ['Whitfield', 'Okonkwo', 'Hernandez', 'Lindqvist'][i % 4],
        languages: i % 3 === 0 ? ['es-MX', 'en'] : ['en'],
        specialties: [{ code: i % 2 ? '207RC0000X' : '207Q00000X', display: i % 2 ? 'Cardiovascular Disease' : 'Family Medicine' }],
        location: practiceLocation({ position: { latitude: 39.9 + i / 1000, longitude: -75.1 } }),
        kind: i % 10 === 0 ? 'pharmacy' : 'practitioner',
      }),
    );
    const centroids = (zip: string) => (zip === '19102' ? { latitude: 39.95, longitude: -75.16 } : undefined);

    it('draws the same queries from the same data and seed, and others from another seed', () => {
      const first = sampleQueries(documents, centroids, 40, 7);
      expect(sampleQueries(documents, centroids, 40, 7)).toEqual(first);
      expect(sampleQueries(documents, centroids, 40, 8)).not.toEqual(first);
      for (const name of QUERY_CLASSES) expect(first[name]).toHaveLength(40);
    });

    it('follows the issues: Q1 25 km nearest first, Q3 = Q1 + facets, Q4 offset 500, Q5 three letters, Q7 pharmacies 10 km', () => {
      const queries = sampleQueries(documents, centroids, 10, 1);
      expect(queries.Q1[0]).toMatchObject({ near: { latitude: 39.95, longitude: -75.16, radiusKm: 25 }, sort: 'distance', limit: 20 });
      expect(queries.Q3.map((q) => ({ ...q, class: 'Q1', facets: false }))).toEqual(queries.Q1);
      expect(queries.Q2.every((q) => q.near?.radiusKm === 50 && (q.text ?? '').length >= 5)).toBe(true);
      expect(queries.Q4.every((q) => q.offset === 500 && q.near === undefined && q.network && q.plan && q.language)).toBe(true);
      expect(queries.Q5.every((q) => q.text?.length === 3)).toBe(true);
      expect(queries.Q7.every((q) => q.kind === 'pharmacy' && q.near?.radiusKm === 10 && q.network && q.sort === 'distance')).toBe(true);
      expect(toSearchQuery(queries.Q7[0]).filters).toMatchObject({ kinds: ['pharmacy'], networks: [queries.Q7[0].network] });
      expect(JSON.parse(toGraphqlBody(queries.Q7[0])).variables.filter.kinds).toEqual(['PHARMACY']);
      expect(toSearchQuery(queries.Q3[0]).facets).toEqual(['specialty', 'language', 'network', 'acceptingNewPatients']);
      expect(JSON.parse(toGraphqlBody(queries.Q3[0])).variables).toMatchObject({ sort: 'DISTANCE', first: 20 });
    });

    it('puts exactly one edit into a typo', () => {
      const random = new SeededRandom(3);
      for (const word of ['whitfield', 'okonkwo', 'cardiology', 'smith']) {
        for (let i = 0; i < 50; i++) {
          const typo = withOneTypo(word, random);
          expect(typo).not.toBe(word);
          expect(typo.length).toBeGreaterThanOrEqual(5);
          expect(withinEdits(word, typo, 1)).toBe(true);
        }
      }
      expect(letters("O'Brién")).toBe('obrien');
    });
  });

  it('writes the JSON shape of issue 3', () => {
    const line = { rps: 1234.56, p50Ms: 3, p99Ms: 9 };
    const embedded = { count: 3, p50: 0.1234, p95: 0.2, p99: 0.3 };
    const figures: SizeFigures = {
      size: 100_000,
      documents: 100_000,
      byKind: { PRACTITIONER: 97_000, PHARMACY: 2_000, FACILITY: 1_000 },
      buildSeconds: 12.345,
      buildRssMB: 1234.56,
      rssMB: 400.04,
      diskMB: 150.06,
      restartSeconds: 0.8,
      queries: Object.fromEntries(QUERY_CLASSES.map((name) => [name, { embedded, oramaP50: name === 'Q1' ? 80 : null, oursP50InRounds: name === 'Q1' ? 0.2 : null, scanP50: 10 }])) as SizeFigures['queries'],
      suggest: embedded,
      http: { Q1: line, Q3: line, Q6: line, floor: line },
      notes: [],
    };
    const json = toBenchJson([figures]) as Record<string, Record<string, unknown>>;
    expect(Object.keys(json)).toEqual(['100000']);
    expect(Object.keys(json['100000'])).toEqual(['documents', 'byKind', 'buildSeconds', 'buildRssMB', 'rssMB', 'diskMB', 'restartSeconds', 'queries', 'suggest', 'http']);
    expect(json['100000'].buildRssMB).toBe(1234.6);
    expect(json['100000'].byKind).toEqual({ PRACTITIONER: 97_000, PHARMACY: 2_000, FACILITY: 1_000 });
    expect(json['100000'].suggest).toEqual({ p50Ms: 0.123, p95Ms: 0.2, p99Ms: 0.3 });
    expect(json['100000'].queries).toMatchObject({
      Q1: { p50Ms: 0.123, p95Ms: 0.2, p99Ms: 0.3, oramaP50Ms: 80, oursP50InOramaRoundsMs: 0.2, scanP50Ms: 10 },
      Q5: { oramaP50Ms: null },
    });
    expect(Object.keys(json['100000'].queries as object)).toEqual([...QUERY_CLASSES]);
    const rounded = { rps: 1234.6, p50Ms: 3, p99Ms: 9 };
    expect(json['100000'].http).toEqual({ Q1: rounded, Q3: rounded, Q6: rounded, floor: rounded });
  });
});
