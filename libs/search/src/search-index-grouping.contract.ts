import type { ProviderDocument } from './provider-document';
import {
  at,
  CENTER,
  FAMILY,
  practiceLocation,
  providerDocument,
  referenceKm,
  type Seed,
  seededBlock,
} from '@pds/search/testing';

/**
 * Three providers near CENTER with several locations each, one without a position, and two
 * documents either side of the antimeridian (Fiji). Distances from CENTER in km:
 * P1: p1-a 2, p1-b 5, p1-c 12; P2: p2-a 3; P3: p3-a 1, p3-b 20; P4: p4-a none.
 */
function locations(): ProviderDocument[] {
  const doc = (id: string, providerKey: string, position: ProviderDocument['location']['position'], name = 'Dana Whitfield') =>
    providerDocument({ id, providerKey, name, familyName: name.split(' ')[1], location: practiceLocation({ id: `loc-${id}`, position }) });
  return [
    doc('p1-a', 'npi:1000000001', at(2, 0), 'Maria Gonzalez'),
    doc('p1-b', 'npi:1000000001', at(0, 5), 'Maria Gonzalez'),
    doc('p1-c', 'npi:1000000001', at(-12, 0), 'Maria Gonzalez'),
    doc('p2-a', 'npi:1000000002', at(3, 0)),
    doc('p3-a', 'src|Practitioner/p3', at(1, 0)),
    doc('p3-b', 'src|Practitioner/p3', at(20, 0)),
    doc('p4-a', 'npi:1000000004', null),
    doc('fiji-east', 'npi:1000000005', { latitude: -17, longitude: 179.5 }),
    doc('fiji-west', 'npi:1000000006', { latitude: -17, longitude: -179.5 }),
  ];
}

/** Bounding boxes and one hit per provider; part of describeSearchIndexContract. */
export function describeGeoAndGroupingContract(seeded: Seed, timeout: number): void {
  describe('bounding box and grouping by provider', () => {
    const { search, ids } = seededBlock(seeded, locations, timeout);
    // North 2.5 km, south 1 km, west 1 km, east 6 km of CENTER: p1-a, p1-b and p3-a.
    const box = { north: at(2.5, 0).latitude, south: at(-1, 0).latitude, west: at(0, -1).longitude, east: at(0, 6).longitude };

    it('keeps positioned documents inside the box, alone or with near', async () => {
      expect(await ids({ boundingBox: box })).toEqual(['p1-a', 'p1-b', 'p3-a']);
      expect(await ids({ boundingBox: box, near: { ...CENTER, radiusKm: 4 }, sort: 'distance' })).toEqual(['p3-a', 'p1-a']);
      expect((await search({ boundingBox: box, filters: { networks: ['none'] } })).total).toBe(0);
    });

    it('answers a box crossing the antimeridian (west > east)', async () => {
      expect(await ids({ boundingBox: { north: -16, south: -18, west: 179, east: -179 } })).toEqual(['fiji-east', 'fiji-west']);
      expect(await ids({ boundingBox: { north: -16, south: -18, west: 179.8, east: -179 } })).toEqual(['fiji-west']);
    });

    it('rejects a box whose south lies north of its north', async () => {
      await expect(search({ boundingBox: { ...box, south: box.north + 1 } })).rejects.toMatchObject({ code: 'SEARCH.INVALID_QUERY' });
    });

    it('returns one hit per provider, nearest location first, the others listed nearest first', async () => {
      const result = await search({ near: { ...CENTER, radiusKm: 15 }, sort: 'distance', groupByProvider: true });
      expect(result.total).toBe(3);
      expect(result.hits.map((h) => h.document.id)).toEqual(['p3-a', 'p1-a', 'p2-a']);
      expect(result.hits.map((h) => (h.otherLocations ?? []).map((o) => o.document.id))).toEqual([[], ['p1-b', 'p1-c'], []]);
      for (const other of result.hits[1].otherLocations ?? []) {
        expect(Math.abs((other.distanceKm ?? NaN) - referenceKm(CENTER, other.document.location.position!))).toBeLessThan(0.001);
      }
    });

    it('pages and counts providers, while facets still count documents', async () => {
      const query = { near: { ...CENTER, radiusKm: 15 }, sort: 'distance' as const, groupByProvider: true, facets: ['specialty' as const] };
      const page = await search({ ...query, offset: 1, limit: 1 });
      expect(page.total).toBe(3);
      expect(page.hits.map((h) => h.document.id)).toEqual(['p1-a']);
      expect(page.facets).toEqual({ specialty: [{ value: FAMILY, count: 5 }] });
      expect(await search({ ...query, offset: 3, limit: 1 })).toMatchObject({ total: 3, hits: [] });
    });

    it('groups without near in id order, and with text by relevance', async () => {
      const all = await search({ groupByProvider: true });
      expect(all.total).toBe(6);
      expect(all.hits.map((h) => h.document.id)).toEqual(['fiji-east', 'fiji-west', 'p1-a', 'p2-a', 'p3-a', 'p4-a']);
      expect(all.hits[2].otherLocations?.map((o) => o.document.id)).toEqual(['p1-b', 'p1-c']);
      const text = await search({ text: 'gonzalez', groupByProvider: true });
      expect(text.total).toBe(1);
      expect(text.hits[0].otherLocations).toHaveLength(2);
      expect(await search({ boundingBox: box, groupByProvider: true })).toMatchObject({ total: 2, hits: [{ document: { id: 'p1-a' } }, { document: { id: 'p3-a' } }] });
    });

    it('lists no otherLocations without groupByProvider', async () => {
      expect((await search({})).hits.every((h) => h.otherLocations === undefined)).toBe(true);
    });
  });
}
