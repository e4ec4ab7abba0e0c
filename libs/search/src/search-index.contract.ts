import type { ProviderDocument } from './provider-document';
import { describeCatalogContract } from './search-index-catalog.contract';
import { describeFacilityContract } from './search-index-facility.contract';
import { describeGeoAndGroupingContract } from './search-index-grouping.contract';
import { describeIdsContract } from './search-index-ids.contract';
import { describeTextContract } from './search-index-text.contract';
import {
  at,
  CARDIOLOGY,
  CENTER,
  corpus,
  FAMILY,
  PEDIATRICS,
  practiceLocation,
  providerDocument,
  referenceKm,
} from '@pds/search/testing';
import type { SearchIndex } from './search-index.port';
import type { SearchQuery, SearchResult } from './search-query';
import { SearchError } from './search.error';

/**
 * The behaviour every SearchIndex adapter must share. Uses the port only; adapters may
 * index asynchronously but a change must be visible once its promise resolves.
 *
 * Semantics pinned here that adapters must reproduce: language filters match
 * case-insensitively on the full tag or its primary subtag ("es" matches "es-MX", "es-MX"
 * does not match "es"); the language facet counts lower-cased full tags; an empty value
 * list in a filter does not constrain; typos: none under 5 letters or in digit-only terms,
 * 1 from 5 letters, 2 from 9 (see search-index-text.contract.ts for the rest of the rules);
 * the last term also matches as a prefix; terms are AND-ed; a
 * lay term from the synonyms list matches as itself or as any of its specialty wordings.
 */
export function describeSearchIndexContract(
  adapterName: string,
  open: () => Promise<{ index: SearchIndex; cleanup: () => Promise<void> }>,
): void {
  const timeout = 30_000;

  async function seeded(documents: ProviderDocument[] = corpus()): Promise<{ index: SearchIndex; cleanup: () => Promise<void> }> {
    const opened = await open();
    const build = await opened.index.beginRebuild();
    await build.add(documents.slice(0, 3));
    await build.add(documents.slice(3));
    await build.commit();
    return opened;
  }

  describe(`SearchIndex contract: ${adapterName}`, () => {
    describe('queries', () => {
      let index: SearchIndex;
      let cleanup: () => Promise<void>;
      const search = (query: Partial<SearchQuery>): Promise<SearchResult> =>
        index.search({ sort: 'relevance', offset: 0, limit: 50, ...query });
      const ids = async (query: Partial<SearchQuery>): Promise<string[]> => (await search(query)).hits.map((h) => h.document.id);
      const idSet = async (query: Partial<SearchQuery>): Promise<string[]> => (await ids(query)).sort();

      beforeAll(async () => {
        ({ index, cleanup } = await seeded());
      }, timeout);
      afterAll(() => cleanup(), timeout);

      describe('filters', () => {
        it('ORs values within a field and ANDs fields', async () => {
          expect(await idSet({ filters: { specialties: [CARDIOLOGY] } })).toEqual(['a', 'd', 'e']);
          expect(await idSet({ filters: { specialties: [CARDIOLOGY, PEDIATRICS] } })).toEqual(['a', 'c', 'd', 'e']);
          expect(await idSet({ filters: { networks: ['net-1'], specialties: [FAMILY] } })).toEqual(['b']);
          expect(await idSet({ filters: { networks: ['net-2'], kinds: ['pharmacy', 'facility'] } })).toEqual(['f']);
        });

        it('matches networks, plans, payers and organizations by id', async () => {
          expect(await idSet({ filters: { networks: ['net-2'] } })).toEqual(['b', 'c', 'f']);
          expect(await idSet({ filters: { plans: ['plan-3'] } })).toEqual(['c']);
          expect(await idSet({ filters: { payers: ['payer-2'] } })).toEqual(['c', 'f']);
          expect(await idSet({ filters: { organizations: ['org-heart'] } })).toEqual(['a']);
        });

        it('matches languages case-insensitively, by full tag or primary subtag', async () => {
          expect(await idSet({ filters: { languages: ['es'] } })).toEqual(['a', 'e']);
          expect(await idSet({ filters: { languages: ['ES-mx'] } })).toEqual(['a']);
          expect(await idSet({ filters: { languages: ['zh'] } })).toEqual(['d']);
          expect(await idSet({ filters: { languages: ['hi', 'zh-cn'] } })).toEqual(['c', 'd']);
        });

        it('matches gender, kinds and the telehealth flag exactly', async () => {
          expect(await idSet({ filters: { gender: 'female' } })).toEqual(['a', 'c', 'e']);
          expect(await idSet({ filters: { kinds: ['pharmacy', 'facility'] } })).toEqual(['f', 'g']);
          expect(await idSet({ filters: { telehealth: true } })).toEqual(['a', 'c']);
          expect(await idSet({ filters: { telehealth: false } })).toEqual(['b', 'd', 'e', 'f', 'g']);
        });

        it('matches acceptingNewPatients exactly; unknown (null) matches neither value', async () => {
          expect(await idSet({ filters: { acceptingNewPatients: true } })).toEqual(['a', 'd', 'e', 'g']);
          expect(await idSet({ filters: { acceptingNewPatients: false } })).toEqual(['b', 'f']);
        });

        it('matches states case-insensitively and 5-digit postal codes', async () => {
          expect(await idSet({ filters: { states: ['nj'] } })).toEqual(['c']);
          expect(await idSet({ filters: { states: ['PA', 'ny'] } })).toEqual(['a', 'b', 'd', 'e', 'f', 'g']);
          expect(await idSet({ filters: { postalCodes: ['19104'] } })).toEqual(['a', 'e']);
        });

        it('treats an empty value list as no constraint and an unknown value as no match', async () => {
          expect((await search({ filters: { specialties: [] } })).total).toBe(7);
          expect(await search({ filters: { networks: ['no-such-network'] } })).toMatchObject({ total: 0, hits: [] });
        });
      });

      describe('near', () => {
        it('returns positioned documents within the radius, nearest first, ties by id, with haversine distances', async () => {
          const result = await search({ near: { ...CENTER, radiusKm: 10 }, sort: 'distance' });
          expect(result.hits.map((h) => h.document.id)).toEqual(['a', 'f', 'b', 'g']);
          expect(result.total).toBe(4);
          for (const hit of result.hits) {
            expect(Math.abs((hit.distanceKm ?? NaN) - referenceKm(CENTER, hit.document.location.position!))).toBeLessThan(0.001);
          }
        });

        it('widens with the radius and never returns documents without a position', async () => {
          expect(await ids({ near: { ...CENTER, radiusKm: 15 }, sort: 'distance' })).toEqual(['a', 'f', 'b', 'g', 'c']);
          expect(await ids({ near: { ...CENTER, radiusKm: 20_000 }, sort: 'distance' })).not.toContain('e');
        });

        it('combines with filters and orders by distance under relevance sort without text', async () => {
          expect(await ids({ near: { ...CENTER, radiusKm: 200 }, filters: { specialties: [CARDIOLOGY] } })).toEqual(['a', 'd']);
          expect(await ids({ near: { ...CENTER, radiusKm: 10 }, filters: { kinds: ['facility', 'pharmacy'] } })).toEqual(['f', 'g']);
        });

        it('reports a null distance without near', async () => {
          const result = await search({});
          expect(result.hits.length).toBe(7);
          expect(result.hits.every((h) => h.distanceKm === null)).toBe(true);
        });
      });

      describe('text', () => {
        it('searches name, specialty, organization and location name', async () => {
          expect(await idSet({ text: 'Penn Heart' })).toEqual(['a']);
          expect(await idSet({ text: 'walnut' })).toEqual(['f']);
          expect(await idSet({ text: 'pediatrics' })).toEqual(['c']);
          expect(await idSet({ text: 'jefferson family' })).toEqual(['g']);
        });

        it('matches the last term as a prefix', async () => {
          expect(await idSet({ text: 'cardio' })).toEqual(['a', 'd', 'e']);
          expect(await idSet({ text: 'pat' })).toEqual(['c']);
          expect(await idSet({ text: 'chen cardio' })).toEqual(['d']);
        });

        it('requires every term to match', async () => {
          expect(await idSet({ text: 'gonzalez cardiovascular' })).toEqual(['a', 'e']);
          expect(await search({ text: 'gonzalez pediatrics' })).toMatchObject({ total: 0 });
        });

        it('tolerates one typo from 5 letters and two from 9, none below 5', async () => {
          // 4 letters, 1 typo: no match; 5 letters, 1 typo: match.
          expect(await search({ text: 'chan robert' })).toMatchObject({ total: 0 });
          expect(await idSet({ text: 'chen robert' })).toEqual(['d']);
          expect(await idSet({ text: 'smyth john' })).toEqual(['b']);
          // 8 letters, 2 typos: no match; 9 letters ("jefferson"), 2 typos: match.
          expect(await search({ text: 'gomzaluz' })).toMatchObject({ total: 0 });
          expect(await idSet({ text: 'jaffersin' })).toEqual(['g']);
          expect(await idSet({ text: 'pedoatrucs' })).toEqual(['c']);
        });

        it('expands lay terms to specialties, keeping the words themselves as an alternative', async () => {
          // d (Robert Chen, Cardiovascular Disease) never mentions "heart" or "doctor".
          expect(await idSet({ text: 'heart doctor' })).toEqual(['a', 'd', 'e']);
          expect(await idSet({ text: 'Heart Doctor chen' })).toEqual(['d']);
          expect(await idSet({ text: 'kids doctor' })).toEqual(['c']);
          expect(await idSet({ text: 'heart' })).toEqual(['a']);
          expect(await search({ text: 'eye doctor' })).toMatchObject({ total: 0 });
        });

        it('finds a postal code exactly or by prefix, never with a typo', async () => {
          expect(await idSet({ text: '19104' })).toEqual(['a', 'e']);
          expect(await idSet({ text: '1910' })).toEqual(['a', 'b', 'e', 'f', 'g']);
          expect(await search({ text: '19105' })).toMatchObject({ total: 0 });
        });

        it('ranks an exact match above a typo match', async () => {
          expect(await ids({ text: 'gonzalez' })).toEqual(['a', 'e']);
          expect(await ids({ text: 'gonzales' })).toEqual(['e', 'a']);
        });

        it('finds an NPI exactly or by prefix, never with a typo', async () => {
          expect(await idSet({ text: '1234567893' })).toEqual(['a']);
          expect(await idSet({ text: '123456' })).toEqual(['a']);
          expect(await search({ text: '1234567894' })).toMatchObject({ total: 0 });
        });

        it('combines with filters and near, sorting by distance on request', async () => {
          expect(await idSet({ text: 'cardio', filters: { languages: ['es'] } })).toEqual(['a', 'e']);
          expect(await ids({ text: 'cardio', near: { ...CENTER, radiusKm: 200 }, sort: 'distance' })).toEqual(['a', 'd']);
        });
      });

      describe('order, paging and totals', () => {
        it('orders by id without text or near, so offset paging is stable', async () => {
          expect(await ids({})).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
          const page = await search({ offset: 2, limit: 3 });
          expect(page.total).toBe(7);
          expect(page.hits.map((h) => h.document.id)).toEqual(['c', 'd', 'e']);
          expect(await search({ offset: 6, limit: 5 })).toMatchObject({ total: 7, hits: [{ document: { id: 'g' } }] });
          expect(await search({ offset: 10, limit: 5 })).toMatchObject({ total: 7, hits: [] });
        });

        it('counts the whole match however small the page', async () => {
          expect(await search({ near: { ...CENTER, radiusKm: 10 }, sort: 'distance', limit: 1 })).toMatchObject({
            total: 4,
            hits: [{ document: { id: 'a' } }],
          });
          expect(await search({ limit: 0, filters: { networks: ['net-1'] } })).toMatchObject({ total: 4, hits: [] });
        });

        it('pages through a distance sort without gaps or repeats', async () => {
          const near = { ...CENTER, radiusKm: 15 };
          const pages = [0, 2, 4].map((offset) => ids({ near, sort: 'distance', offset, limit: 2 }));
          expect((await Promise.all(pages)).flat()).toEqual(['a', 'f', 'b', 'g', 'c']);
        });

        it.each<[string, Partial<SearchQuery>]>([
          ['id order', {}],
          ['a filter', { filters: { networks: ['net-1', 'net-2'] } }],
          ['text relevance', { text: 'philadelphia' }],
          ['text relevance near a point', { text: 'cardio', near: { ...CENTER, radiusKm: 500 } }],
          ['distance', { near: { ...CENTER, radiusKm: 500 }, sort: 'distance' }],
        ])('pages through %s: the pages concatenated are the whole ordered result', async (_name, query) => {
          const whole = await ids(query);
          expect(whole.length).toBeGreaterThan(1);
          const pages: string[] = [];
          for (let offset = 0; offset < whole.length + 2; offset += 2) pages.push(...(await ids({ ...query, offset, limit: 2 })));
          expect(pages).toEqual(whole);
          expect(new Set(pages).size).toBe(pages.length);
        });
      });

      describe('facets', () => {
        it('counts each requested facet over the whole match, by count then value', async () => {
          const result = await search({ filters: { networks: ['net-1'] }, limit: 1, facets: ['specialty', 'language', 'network', 'plan', 'acceptingNewPatients', 'gender'] });
          expect(result.facets).toEqual({
            specialty: [{ value: CARDIOLOGY, count: 3 }, { value: FAMILY, count: 1 }],
            language: [{ value: 'en', count: 3 }, { value: 'es', count: 1 }, { value: 'es-mx', count: 1 }, { value: 'zh-cn', count: 1 }],
            network: [{ value: 'net-1', count: 4 }, { value: 'net-2', count: 1 }],
            plan: [{ value: 'plan-1', count: 3 }, { value: 'plan-2', count: 1 }],
            acceptingNewPatients: [{ value: 'true', count: 3 }, { value: 'false', count: 1 }],
            gender: [{ value: 'female', count: 2 }, { value: 'male', count: 2 }],
          });
        });

        it('returns only the requested facets, counted within the radius', async () => {
          const result = await search({ near: { ...CENTER, radiusKm: 10 }, sort: 'distance', limit: 1, facets: ['gender'] });
          expect(result.facets).toEqual({ gender: [{ value: 'female', count: 1 }, { value: 'male', count: 1 }] });
          expect((await search({})).facets).toEqual({});
        });
      });

      it('rejects sort "distance" without near as an invalid query', async () => {
        await expect(search({ sort: 'distance' })).rejects.toBeInstanceOf(SearchError);
        await expect(search({ sort: 'distance' })).rejects.toMatchObject({ code: 'SEARCH.INVALID_QUERY' });
      });
    });

    describeGeoAndGroupingContract(seeded, timeout);
    describeTextContract(seeded, timeout);
    describeIdsContract(seeded, timeout);
    describeCatalogContract(open, timeout);
    describeFacilityContract(open, timeout);

    describe('changes', () => {
      let index: SearchIndex;
      let cleanup: () => Promise<void>;
      const all = async (): Promise<string[]> =>
        (await index.search({ sort: 'relevance', offset: 0, limit: 50 })).hits.map((h) => h.document.id);

      beforeEach(async () => {
        ({ index, cleanup } = await seeded());
      }, timeout);
      afterEach(() => cleanup(), timeout);

      it('reports the document count and a commit time', async () => {
        const stats = await index.stats();
        expect(stats.documents).toBe(7);
        expect(stats.updatedAt).toBeInstanceOf(Date);
      });

      it('upsert replaces a document by id and adds new ones', async () => {
        await index.upsert([{ ...corpus()[0], name: 'Maria Lopez', familyName: 'Lopez' }, providerDocument({ id: 'h', name: 'Hannah Okafor' })]);
        expect(await index.search({ text: 'gonzalez', sort: 'relevance', offset: 0, limit: 10 })).toMatchObject({ total: 1, hits: [{ document: { id: 'e' } }] });
        expect(await index.search({ text: 'lopez', sort: 'relevance', offset: 0, limit: 10 })).toMatchObject({ total: 1, hits: [{ document: { id: 'a' } }] });
        expect(await all()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
        expect((await index.stats()).documents).toBe(8);
      });

      it('upsert moves a document in and out of filter and geo matches', async () => {
        await index.upsert([{ ...corpus()[3], location: practiceLocation({ id: 'loc-d', position: at(1, 0) }), networks: [{ id: 'net-9', name: null }] }]);
        const near = await index.search({ near: { ...CENTER, radiusKm: 1.5 }, sort: 'distance', offset: 0, limit: 10 });
        expect(near.hits.map((h) => h.document.id)).toEqual(['d']);
        expect((await index.search({ filters: { networks: ['net-1'] }, sort: 'relevance', offset: 0, limit: 10 })).total).toBe(3);
      });

      it('remove deletes documents and ignores unknown ids', async () => {
        await index.remove(['a', 'no-such-id']);
        expect(await all()).toEqual(['b', 'c', 'd', 'e', 'f', 'g']);
        expect(await index.search({ text: 'penn heart', sort: 'relevance', offset: 0, limit: 10 })).toMatchObject({ total: 0 });
        expect((await index.stats()).documents).toBe(6);
      });

      it('serves the old index during a rebuild and only the new one after commit', async () => {
        const build = await index.beginRebuild();
        await build.add([providerDocument({ id: 'x' }), providerDocument({ id: 'y' })]);
        expect(await all()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
        expect((await index.stats()).documents).toBe(7);
        await build.add([providerDocument({ id: 'z' })]);
        await build.commit();
        expect(await all()).toEqual(['x', 'y', 'z']);
        expect((await index.stats()).documents).toBe(3);
      });

      it('never shows a reader a mix of the old and new index while a rebuild commits', async () => {
        const before = await all();
        const build = await index.beginRebuild();
        await build.add(['x', 'y', 'z'].map((id) => providerDocument({ id })));
        let committed = false;
        const commit = build.commit().then(() => (committed = true));
        const seen = new Set<string>();
        while (!committed) {
          const page = await index.search({ sort: 'relevance', offset: 0, limit: 50 });
          const pageIds = page.hits.map((h) => h.document.id);
          expect([before, ['x', 'y', 'z']]).toContainEqual(pageIds);
          expect(page.total).toBe(pageIds.length);
          seen.add(pageIds.join());
          await new Promise((resolve) => setImmediate(resolve));
        }
        await commit;
        expect(await all()).toEqual(['x', 'y', 'z']);
        expect(seen.size).toBeGreaterThan(0);
      });

      it('keeps the old index when a rebuild is aborted', async () => {
        const build = await index.beginRebuild();
        await build.add([providerDocument({ id: 'x' })]);
        await build.abort();
        expect(await all()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      });

      it('commits an empty rebuild as an empty index', async () => {
        const build = await index.beginRebuild();
        await build.commit();
        expect(await index.search({ sort: 'relevance', offset: 0, limit: 10, facets: ['gender'] })).toEqual({ total: 0, hits: [], facets: { gender: [] } });
        expect((await index.stats()).documents).toBe(0);
      });
    });
  });
}
