import type { DirectoryCatalog } from './directory-catalog';
import { at, CARDIOLOGY, FAMILY, practiceLocation, providerDocument } from '@pds/search/testing';
import type { SearchIndex } from './search-index.port';

/** Three providers, one of them at two locations, across two payers. */
function catalogCorpus() {
  const acme = { id: 'payer-1', name: 'Acme' };
  const green = { id: 'payer-2', name: 'Green Circle' };
  const north = { id: 'net-1', name: 'Acme North', payerIds: ['payer-1'] };
  const south = { id: 'net-2', name: 'Green South', payerIds: ['payer-2'] };
  const gold = { id: 'plan-1', name: 'Acme Gold', payerIds: ['payer-1'], networkIds: ['net-1'] };
  const silver = { id: 'plan-2', name: 'Green Silver', payerIds: ['payer-2'], networkIds: ['net-2'] };
  const heart = { id: 'org-heart', name: 'Heart Group' };
  const cardiology = { code: CARDIOLOGY, display: 'Cardiovascular Disease Physician' };
  const family = { code: FAMILY, display: 'Family Medicine Physician' };
  return [
    providerDocument({ id: 'k1', npi: '1000000001', specialties: [cardiology], languages: ['en', 'es-MX'], payers: [acme], networks: [north], plans: [gold], organization: heart, location: practiceLocation({ id: 'l1', position: at(1, 1) }) }),
    providerDocument({ id: 'k2', npi: '1000000001', specialties: [cardiology], languages: ['en', 'es-MX'], payers: [acme], networks: [north], plans: [gold], organization: heart, location: practiceLocation({ id: 'l2', position: at(5, 5) }) }),
    providerDocument({ id: 'k3', npi: '1000000002', specialties: [family], languages: ['en'], payers: [acme, green], networks: [north, south], plans: [silver], organization: null }),
    providerDocument({ id: 'k4', npi: null, providerKey: 'payer-b|Practitioner/x', specialties: [family], languages: ['ES'], payers: [green], networks: [south], plans: [silver], organization: null }),
  ];
}

/** What the catalog must say of {@link catalogCorpus}: distinct providers, names, relations, most providers first. */
const EXPECTED: DirectoryCatalog = {
  payer: [
    { id: 'payer-1', name: 'Acme', providers: 2 },
    { id: 'payer-2', name: 'Green Circle', providers: 2 },
  ],
  network: [
    { id: 'net-1', name: 'Acme North', payerIds: ['payer-1'], providers: 2 },
    { id: 'net-2', name: 'Green South', payerIds: ['payer-2'], providers: 2 },
  ],
  plan: [
    { id: 'plan-2', name: 'Green Silver', payerIds: ['payer-2'], networkIds: ['net-2'], providers: 2 },
    { id: 'plan-1', name: 'Acme Gold', payerIds: ['payer-1'], networkIds: ['net-1'], providers: 1 },
  ],
  specialty: [
    { id: FAMILY, name: 'Family Medicine Physician', providers: 2 },
    { id: CARDIOLOGY, name: 'Cardiovascular Disease Physician', providers: 1 },
  ],
  language: [
    { id: 'en', name: null, providers: 2 },
    { id: 'es', name: null, providers: 1 },
    { id: 'es-mx', name: null, providers: 1 },
  ],
  organization: [{ id: 'org-heart', name: 'Heart Group', position: at(1, 1), providers: 1 }],
};

/** The catalog and the one-provider filter, shared by every SearchIndex adapter. */
export function describeCatalogContract(open: () => Promise<{ index: SearchIndex; cleanup: () => Promise<void> }>, timeout: number): void {
  describe('catalog and providerKeys', () => {
    let index: SearchIndex;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ index, cleanup } = await open());
      const build = await index.beginRebuild();
      await build.add(catalogCorpus());
      await build.commit();
    }, timeout);
    afterEach(() => cleanup(), timeout);

    it('lists every entry with its name, relations and distinct providers, most first', async () => {
      expect(await index.catalog()).toEqual(EXPECTED);
    });

    it('follows upserts and removals', async () => {
      await index.upsert([providerDocument({ id: 'k5', npi: '1000000003', payers: [{ id: 'payer-3', name: 'Third' }], networks: [], plans: [], specialties: [], languages: [], organization: null })]);
      await index.remove(['k1', 'k2']);
      const catalog = await index.catalog();
      expect(catalog.payer).toEqual([
        { id: 'payer-2', name: 'Green Circle', providers: 2 },
        { id: 'payer-1', name: 'Acme', providers: 1 },
        { id: 'payer-3', name: 'Third', providers: 1 },
      ]);
      expect(catalog.organization).toEqual([]);
      expect(catalog.specialty.map((entry) => entry.id)).toEqual([FAMILY]);
    });

    it('finds all of one provider\'s documents by providerKey, across locations', async () => {
      const search = (providerKeys: string[]) =>
        index.search({ filters: { providerKeys }, sort: 'relevance', offset: 0, limit: 10 }).then((result) => result.hits.map((hit) => hit.document.id));
      expect(await search(['npi:1000000001'])).toEqual(['k1', 'k2']);
      expect(await search(['payer-b|Practitioner/x', 'npi:1000000002'])).toEqual(['k3', 'k4']);
      expect(await search(['npi:1000000009'])).toEqual([]);
    });
  });
}
