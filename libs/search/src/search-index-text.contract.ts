import { CENTER, corpus, type Seed, seededBlock } from '@pds/search/testing';

/**
 * Query text: what both engines make of punctuation and query syntax, the typo rules they
 * share (Meilisearch's: `query_term/compute_derivations.rs`), and the order of equally
 * relevant hits. Part of describeSearchIndexContract, over its seven-document corpus.
 */
export function describeTextContract(seeded: Seed, timeout: number): void {
  describe('query text', () => {
    const { search, ids } = seededBlock(seeded, corpus, timeout);
    const idSet = async (text: string): Promise<string[]> => (await ids({ text })).sort();

    describe('syntax', () => {
      it('matches the last word as a prefix after trailing space or punctuation', async () => {
        expect(await idSet('cardio ')).toEqual(['a', 'd', 'e']);
        expect(await idSet('chen cardio,')).toEqual(['d']);
      });

      it('reads quotes and a leading minus as punctuation, not as a phrase or a negation', async () => {
        expect(await idSet('"heart doctor"')).toEqual(['a', 'd', 'e']);
        expect(await idSet('-chen cardio')).toEqual(['d']);
      });

      it('takes text of punctuation only as no text: every document, in id order', async () => {
        expect(await ids({ text: '?! -- "' })).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      });

      it('refuses text of more than 10 words rather than ignoring the rest', async () => {
        await expect(search({ text: 'one two three four five six seven eight nine ten eleven' })).rejects.toMatchObject({
          code: 'SEARCH.INVALID_QUERY',
          message: expect.stringContaining('at most 10'),
        });
        expect(await search({ text: 'maria gonzalez maria gonzalez maria gonzalez maria gonzalez maria gonzalez' })).toMatchObject({ total: 1 });
      });
    });

    describe('typos', () => {
      it('counts a transposed pair of letters as one typo', async () => {
        // Not last, so not a prefix: "gonzalze" is one typo from gonzalez, two from gonzales.
        expect(await idSet('gonzalze maria')).toEqual(['a']);
        expect(await idSet('smiht john')).toEqual(['b']);
      });

      it('keeps the first letter under a one-typo budget', async () => {
        expect(await search({ text: 'xmith' })).toMatchObject({ total: 0 });
        expect(await search({ text: 'ronzalez' })).toMatchObject({ total: 0 });
      });

      it('counts a changed first letter as two typos, so only 9-letter words and longer allow it', async () => {
        expect(await idSet('gefferson')).toEqual(['g']);
        expect(await search({ text: 'geffersno' })).toMatchObject({ total: 0 });
      });

      it('matches the last word as a prefix with typos, other words only whole', async () => {
        expect(await idSet('pedait')).toEqual(['c']);
        expect(await idSet('cardoi')).toEqual(['a', 'd', 'e']);
        expect(await search({ text: 'pedait patel' })).toMatchObject({ total: 0 });
      });
    });

    describe('ties', () => {
      it('orders equally relevant hits by id', async () => {
        expect(await ids({ text: 'philadelphia' })).toEqual(['a', 'b', 'e', 'f', 'g']);
      });

      it('orders equally relevant hits near a point by distance, then id', async () => {
        expect(await ids({ text: 'philadelphia', near: { ...CENTER, radiusKm: 50 } })).toEqual(['a', 'f', 'b', 'g']);
      });
    });
  });
}
