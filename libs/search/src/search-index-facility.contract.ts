import { at, practiceLocation, providerDocument } from '@pds/search/testing';
import type { SearchIndex } from './search-index.port';

/** A clinician, an urgent care center and a pharmacy, side by side. */
function facilityCorpus() {
  const place = (northKm: number) => practiceLocation({ id: `l${northKm}`, position: at(northKm, 0) });
  return [
    providerDocument({ id: 'f1', kind: 'practitioner', name: 'Ruth Ortiz', familyName: 'Ortiz', serviceCategories: [{ code: 'group', display: 'Medical Group' }], location: place(1) }),
    providerDocument({
      id: 'f2', kind: 'facility', name: 'Riverside Walk-In', familyName: null, specialties: [],
      serviceCategories: [{ code: 'urg', display: 'Urgent Care' }], serviceTypes: [{ code: '8', display: 'Minor Injuries' }], location: place(2),
    }),
    providerDocument({ id: 'f3', kind: 'pharmacy', name: 'Main Street Drug', familyName: null, specialties: [], serviceCategories: [{ code: 'pharm', display: 'Pharmacy' }], location: place(3) }),
  ];
}

/** Kinds, service categories and service words, shared by every SearchIndex adapter. */
export function describeFacilityContract(open: () => Promise<{ index: SearchIndex; cleanup: () => Promise<void> }>, timeout: number): void {
  describe('facilities and services', () => {
    let index: SearchIndex;
    let cleanup: () => Promise<void>;
    const ids = (query: Parameters<SearchIndex['search']>[0]) => index.search(query).then((result) => result.hits.map((hit) => hit.document.id));
    const base = { sort: 'relevance' as const, offset: 0, limit: 10 };

    beforeAll(async () => {
      ({ index, cleanup } = await open());
      const build = await index.beginRebuild();
      await build.add(facilityCorpus());
      await build.commit();
    }, timeout);
    afterAll(() => cleanup(), timeout);

    it('filters by service category and kind', async () => {
      expect(await ids({ ...base, filters: { serviceCategories: ['urg', 'pharm'] } })).toEqual(['f2', 'f3']);
      expect(await ids({ ...base, filters: { kinds: ['pharmacy'], serviceCategories: ['urg', 'pharm'] } })).toEqual(['f3']);
    });

    it('counts kinds and service categories as facets', async () => {
      const { facets } = await index.search({ ...base, facets: ['kind', 'serviceCategory'] });
      expect(facets.kind).toEqual([
        { value: 'facility', count: 1 },
        { value: 'pharmacy', count: 1 },
        { value: 'practitioner', count: 1 },
      ]);
      expect(facets.serviceCategory).toEqual([
        { value: 'group', count: 1 },
        { value: 'pharm', count: 1 },
        { value: 'urg', count: 1 },
      ]);
    });

    it('finds a facility by the words of its services', async () => {
      expect(await ids({ ...base, text: 'urgent care' })).toEqual(['f2']);
      expect(await ids({ ...base, text: 'minor injur' })).toEqual(['f2']);
    });
  });
}
