import type { GeoPoint, ProviderDocument, SearchIndex, SearchQuery, SearchResult } from '@pds/search';
import { practiceLocation, providerDocument } from './provider-document.fixtures';

export type Seed = (documents: ProviderDocument[]) => Promise<{ index: SearchIndex; cleanup: () => Promise<void> }>;

/**
 * An index seeded with `documents` for the enclosing describe block (filled before its tests,
 * dropped after them), the two query helpers every block uses (defaults relevance, first 50)
 * and its catalog.
 */
export function seededBlock(seeded: Seed, documents: () => ProviderDocument[], timeout: number) {
  let opened: Awaited<ReturnType<Seed>>;
  beforeAll(async () => {
    opened = await seeded(documents());
  }, timeout);
  afterAll(() => opened.cleanup(), timeout);
  const search = (query: Partial<SearchQuery>): Promise<SearchResult> => opened.index.search({ sort: 'relevance', offset: 0, limit: 50, ...query });
  const ids = async (query: Partial<SearchQuery>): Promise<string[]> => (await search(query)).hits.map((h) => h.document.id);
  const catalog = () => opened.index.catalog();
  return { search, ids, catalog };
}

/** Shared fixtures of the SearchIndex contract suite. */
export const CENTER: GeoPoint = { latitude: 39.9526, longitude: -75.1652 };
export const CARDIOLOGY = '207RC0000X';
export const FAMILY = '207Q00000X';
export const PEDIATRICS = '208000000X';

/** A point `northKm` north and `eastKm` east of CENTER (flat-earth offset; distances are measured, not assumed). */
export function at(northKm: number, eastKm: number): GeoPoint {
  const latitude = CENTER.latitude + northKm / 111.195;
  return { latitude, longitude: CENTER.longitude + eastKm / (111.195 * Math.cos((latitude * Math.PI) / 180)) };
}

/** Independent haversine (earth radius 6371.0088 km) to check adapters' distances against. */
export function referenceKm(from: GeoPoint, to: GeoPoint): number {
  const toRad = (degrees: number): number => (degrees * Math.PI) / 180;
  const a =
    Math.sin(toRad(to.latitude - from.latitude) / 2) ** 2 +
    Math.cos(toRad(from.latitude)) * Math.cos(toRad(to.latitude)) * Math.sin(toRad(to.longitude - from.longitude) / 2) ** 2;
  return 2 * 6371.0088 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

/**
 * Seven documents, ids a–g, chosen so id order, distance order and text relevance differ.
 * Near CENTER: a and f 2 km north (a distance tie), b 5 km east, g 8 km west, c ~12 km
 * south-east; d in New York (~130 km); e has no position.
 */
export function corpus(): ProviderDocument[] {
  const cardiology = { code: CARDIOLOGY, display: 'Cardiovascular Disease' };
  const family = { code: FAMILY, display: 'Family Medicine' };
  const net = (id: string) => ({ id, name: null });
  const address = (city: string, state: string, postalCode: string) => ({ lines: ['1 Main St'], city, state, postalCode, text: `1 Main St, ${city}` });
  return [
    providerDocument({
      id: 'a', npi: '1234567893', name: 'Maria Gonzalez', familyName: 'Gonzalez', gender: 'female', languages: ['en', 'es-MX'],
      specialties: [cardiology], organization: { id: 'org-heart', name: 'Penn Heart' }, networks: [net('net-1')], plans: [net('plan-1')],
      payers: [net('payer-1')], acceptingNewPatients: true, telehealth: true,
      location: practiceLocation({ id: 'loc-a', name: null, address: address('Philadelphia', 'PA', '19104'), position: at(2, 0) }),
    }),
    providerDocument({
      id: 'b', npi: '1987654320', name: 'John Smith', familyName: 'Smith', gender: 'male', languages: ['en'],
      specialties: [family], organization: null, networks: [net('net-1'), net('net-2')], plans: [net('plan-2')],
      payers: [net('payer-1')], acceptingNewPatients: false, telehealth: false,
      location: practiceLocation({ id: 'loc-b', name: null, address: address('Philadelphia', 'PA', '19103'), position: at(0, 5) }),
    }),
    providerDocument({
      id: 'c', npi: '1555555555', name: 'Priya Patel', familyName: 'Patel', gender: 'female', languages: ['en', 'hi'],
      specialties: [{ code: PEDIATRICS, display: 'Pediatrics' }], organization: null, networks: [net('net-2')],
      plans: [net('plan-2'), net('plan-3')], payers: [net('payer-2')], acceptingNewPatients: null, telehealth: true,
      location: practiceLocation({ id: 'loc-c', name: null, address: address('Cherry Hill', 'nj', '08002'), position: at(-8.5, 8.5) }),
    }),
    providerDocument({
      id: 'd', npi: '1666666666', name: 'Robert Chen', familyName: 'Chen', gender: 'male', languages: ['zh-CN', 'en'],
      specialties: [cardiology], organization: null, networks: [net('net-1')], plans: [net('plan-1')],
      payers: [net('payer-1')], acceptingNewPatients: true, telehealth: false,
      location: practiceLocation({ id: 'loc-d', name: null, address: address('New York', 'NY', '10001'), position: { latitude: 40.7128, longitude: -74.006 } }),
    }),
    providerDocument({
      id: 'e', npi: '1777777777', name: 'Elena Gonzales', familyName: 'Gonzales', gender: 'female', languages: ['ES'],
      specialties: [cardiology], organization: null, networks: [net('net-1')], plans: [net('plan-1')],
      payers: [net('payer-1')], acceptingNewPatients: true, telehealth: false,
      location: practiceLocation({ id: 'loc-e', name: null, address: address('Philadelphia', 'PA', '19104'), position: null, positionIssue: 'placeholder' }),
    }),
    providerDocument({
      id: 'f', kind: 'pharmacy', npi: '1888888888', name: 'Walnut Street Pharmacy', familyName: null, gender: null, languages: [],
      specialties: [], organization: null, networks: [net('net-2')], plans: [], payers: [net('payer-2')], acceptingNewPatients: false,
      telehealth: false, location: practiceLocation({ id: 'loc-f', name: 'Walnut Street', address: address('Philadelphia', 'PA', '19106'), position: at(2, 0) }),
    }),
    providerDocument({
      id: 'g', kind: 'facility', npi: '1999999999', name: 'Jefferson Family Practice', familyName: null, gender: null, languages: [],
      specialties: [family], organization: null, networks: [], plans: [], payers: [], acceptingNewPatients: true, telehealth: false,
      location: practiceLocation({ id: 'loc-g', name: null, address: address('Philadelphia', 'PA', '19107'), position: at(0, -8) }),
    }),
  ];
}
