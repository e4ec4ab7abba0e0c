import { SeededRandom } from '@pds/generator';
import type { BenchQuery, QueryClass } from '../bench-query';
import { parseLoadArgs } from './load-args';
import { hasGraphqlErrors, LoadMix, nextPageCursor } from './load-mix';

describe('loadtest', () => {
  describe('arguments', () => {
    it('defaults to 30 s over a generated 100k directory, idle', () => {
      expect(parseLoadArgs([])).toEqual({ options: { size: 100_000, seed: 1, during: 'idle', seconds: 30, soak: null, json: null } });
      expect(parseLoadArgs(['--during', 'reindex', '--size', '20000', '--seconds', '90'])).toMatchObject({ options: { during: 'reindex', size: 20_000, seconds: 90 } });
      expect(parseLoadArgs(['--soak', '500000'])).toMatchObject({ options: { soak: 500_000 } });
    });

    it('says what was wrong and what is accepted', () => {
      expect(parseLoadArgs(['--during', 'harvest'])).toEqual({ error: '--during must be idle or reindex, got "harvest"' });
      expect(parseLoadArgs(['--seconds', '0'])).toEqual({ error: '--seconds must be an integer >= 1, got "0"' });
      expect(parseLoadArgs(['--soak', '10'])).toEqual({ error: '--soak must be an integer >= 1000, got "10"' });
      expect(parseLoadArgs(['--soak', '50000', '--seconds', '10'])).toEqual({ error: '--soak and --seconds exclude each other: a soak runs for a number of requests' });
      expect(parseLoadArgs(['--bogus'])).toMatchObject({ error: expect.stringMatching(/bogus/) });
    });
  });

  describe('the mix', () => {
    const query = (name: QueryClass, i: number): BenchQuery => ({
      class: name,
      near: { latitude: 41 + i / 100, longitude: -72, radiusKm: 25 },
      specialty: '207Q00000X',
      facets: name === 'Q3',
      sort: 'distance',
      offset: name === 'Q4' ? 500 : 0,
      limit: 20,
    });
    const queries = Object.fromEntries((['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q7'] as const).map((name) => [name, [0, 1, 2].map((i) => query(name, i))])) as Record<
      QueryClass,
      BenchQuery[]
    >;
    const mix = () => new LoadMix(queries, [{ text: 'smi' }, { text: 'card' }], new SeededRandom(3));

    it('draws every class, with varied bodies, and pages Q4 by cursor from its first page', () => {
      const drawing = mix();
      const drawn = Array.from({ length: 400 }, () => drawing.next());
      expect(new Set(drawn.map((request) => request.class))).toEqual(new Set(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7']));
      expect(new Set(drawn.map((request) => request.body)).size).toBeGreaterThan(10);
      const paged = drawn.find((request) => request.class === 'Q4')!;
      expect(JSON.parse(paged.body).variables.after).toBeNull();
      expect(JSON.parse(paged.body).query).toContain('pageInfo { hasNextPage endCursor }');
      expect(JSON.parse(mix().nextPage(paged.pages!, 'abc')).variables).toMatchObject({ after: 'abc', first: 20 });
      expect(drawn.filter((request) => request.class !== 'Q4').every((request) => request.pages === null)).toBe(true);
    });

    it('reads the next cursor and GraphQL errors from answers', () => {
      expect(nextPageCursor('{"data":{"searchProviders":{"pageInfo":{"hasNextPage":true,"endCursor":"eyJv"}}}}')).toBe('eyJv');
      expect(nextPageCursor('{"data":{"searchProviders":{"pageInfo":{"hasNextPage":false,"endCursor":"eyJv"}}}}')).toBeNull();
      expect(hasGraphqlErrors('{"errors":[{"message":"x"}],"data":null}')).toBe(true);
      expect(hasGraphqlErrors('{"data":{"searchProviders":{"totalCount":1}}}')).toBe(false);
    });
  });
});
