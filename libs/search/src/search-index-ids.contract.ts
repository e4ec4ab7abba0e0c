import type { ProviderDocument } from './provider-document';
import { providerDocument, type Seed, seededBlock } from '@pds/search/testing';

/** Four documents whose ids, provider keys and network ids differ only in case (ids are mixed-case base64url). */
function caseVariants(): ProviderDocument[] {
  const doc = (id: string, provider: string, network: string) =>
    providerDocument({ id, providerKey: `src|Practitioner/${provider}`, networks: [{ id: network, name: null }] });
  return [doc('ab', 'Pq', 'net-a'), doc('AB', 'pQ', 'Net-A'), doc('aB', 'Pq', 'net-a'), doc('Ab', 'pQ', 'NET-A')];
}

/**
 * Two payers whose servers both hand out `Organization/7` and `InsurancePlan/9`: the same FHIR
 * ids for different networks, plans, payers and organizations, scoped apart (`<sourceId>:<fhirId>`).
 * The same practitioner (one NPI) is listed by both; `legacy` was indexed before ids were scoped.
 */
function twoSources(): ProviderDocument[] {
  const scoped = (sourceId: string, fhirId: string, name: string) => ({ id: `${sourceId}:${fhirId}`, fhirId, name });
  const listing = (id: string, sourceId: string, npi: string) =>
    providerDocument({
      id,
      npi,
      sourceId,
      source: `https://${sourceId}.example/fhir`,
      networks: [{ ...scoped(sourceId, '7', `${sourceId} network`), payerIds: [`${sourceId}:1`] }],
      plans: [{ ...scoped(sourceId, '9', `${sourceId} plan`), payerIds: [`${sourceId}:1`], networkIds: [`${sourceId}:7`] }],
      payers: [scoped(sourceId, '1', `${sourceId} payer`)],
      organization: scoped(sourceId, '3', `${sourceId} clinic`),
    });
  return [
    listing('a1', 'acme', '1000000001'),
    listing('a2', 'acme', '1000000002'),
    listing('b1', 'bravo', '1000000001'),
    providerDocument({ id: 'legacy', npi: '1000000003', networks: [{ id: '7', name: 'old network' }], plans: [], payers: [], organization: null }),
  ];
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

  describe('ids scoped per source', () => {
    const { search, ids, catalog } = seededBlock(seeded, twoSources, timeout);

    it('filters on a scoped id within its source only', async () => {
      expect(await ids({ filters: { networks: ['acme:7'] } })).toEqual(['a1', 'a2']);
      expect(await ids({ filters: { plans: ['bravo:9'] } })).toEqual(['b1']);
      expect(await ids({ filters: { payers: ['bravo:1'] } })).toEqual(['b1']);
      expect(await ids({ filters: { organizations: ['acme:3'] } })).toEqual(['a1', 'a2']);
      expect(await ids({ filters: { networks: ['carol:7'] } })).toEqual([]);
    });

    it('matches a bare FHIR id in every source, and in documents indexed before scoping', async () => {
      expect(await ids({ filters: { networks: ['7'] } })).toEqual(['a1', 'a2', 'b1', 'legacy']);
      expect(await ids({ filters: { plans: ['9'] } })).toEqual(['a1', 'a2', 'b1']);
      expect(await ids({ filters: { payers: ['1'] } })).toEqual(['a1', 'a2', 'b1']);
      expect(await ids({ filters: { organizations: ['3'] } })).toEqual(['a1', 'a2', 'b1']);
      expect(await ids({ filters: { networks: ['7', 'bravo:7'], payers: ['acme:1'] } })).toEqual(['a1', 'a2']);
    });

    it('counts facets by scoped id', async () => {
      const { facets } = await search({ facets: ['network', 'plan'] });
      expect(facets.network).toEqual([
        { value: 'acme:7', count: 2 },
        { value: '7', count: 1 },
        { value: 'bravo:7', count: 1 },
      ]);
      expect(facets.plan).toEqual([
        { value: 'acme:9', count: 2 },
        { value: 'bravo:9', count: 1 },
      ]);
    });

    it('lists each source\'s entries apart in the catalog, with their FHIR ids', async () => {
      const { network, organization } = await catalog();
      expect(network).toEqual([
        { id: 'acme:7', fhirId: '7', source: 'https://acme.example/fhir', name: 'acme network', payerIds: ['acme:1'], providers: 2 },
        { id: '7', name: 'old network', payerIds: [], providers: 1 },
        { id: 'bravo:7', fhirId: '7', source: 'https://bravo.example/fhir', name: 'bravo network', payerIds: ['bravo:1'], providers: 1 },
      ]);
      expect(organization.map(({ id, fhirId }) => [id, fhirId])).toEqual([
        ['acme:3', '3'],
        ['bravo:3', '3'],
      ]);
    });
  });
}
