import type { ProviderDocument } from './provider-document';
import { providerDocument, type Seed, seededBlock } from '@pds/search/testing';

/** Four documents whose ids, provider keys and network ids differ only in case (ids are mixed-case base64url). */
function caseVariants(): ProviderDocument[] {
  const doc = (id: string, provider: string, network: string) =>
    providerDocument({ id, providerKey: `src|Practitioner/${provider}`, networks: [{ id: network, name: null }] });
  return [doc('ab', 'Pq', 'net-a'), doc('AB', 'pQ', 'Net-A'), doc('aB', 'Pq', 'net-a'), doc('Ab', 'pQ', 'NET-A')];
}

/**
 * Ids are exact: ordered by code unit, filtered, grouped and counted without case folding
 * (Meilisearch folds case in all four unless the adapter guards against it). Part of
 * describeSearchIndexContract.
 */
export function describeIdsContract(seeded: Seed, timeout: number): void {
  describe('ids that differ only in case', () => {
    const { search, ids } = seededBlock(seeded, caseVariants, timeout);

    it('orders by id code unit, upper case first, on every page', async () => {
      expect(await ids({})).toEqual(['AB', 'Ab', 'aB', 'ab']);
      expect(await ids({ offset: 1, limit: 2 })).toEqual(['Ab', 'aB']);
    });

    it('filters on an id exactly', async () => {
      expect(await ids({ filters: { networks: ['net-a'] } })).toEqual(['aB', 'ab']);
      expect(await ids({ filters: { networks: ['Net-A'] } })).toEqual(['AB']);
      expect(await ids({ filters: { networks: ['NET-a'] } })).toEqual([]);
    });

    it('keeps providers whose keys differ only in case apart', async () => {
      const grouped = await search({ groupByProvider: true });
      expect(grouped.total).toBe(2);
      expect(grouped.hits.map((h) => [h.document.id, (h.otherLocations ?? []).map((o) => o.document.id)])).toEqual([
        ['AB', ['Ab']],
        ['aB', ['ab']],
      ]);
    });

    it('counts facet values that differ only in case apart', async () => {
      expect((await search({ facets: ['network'] })).facets.network).toEqual([
        { value: 'net-a', count: 2 },
        { value: 'NET-A', count: 1 },
        { value: 'Net-A', count: 1 },
      ]);
    });
  });
}
