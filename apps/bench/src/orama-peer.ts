import { create, insertMultiple, type Orama, search, type SearchParams } from '@orama/orama';
import type { ProviderDocument } from '@pds/search';
import type { BenchQuery } from './bench-query';
import { searchableTexts } from './text-match';

const SCHEMA = {
  name: 'string',
  familyName: 'string',
  specialtyText: 'string',
  npi: 'string',
  organization: 'string',
  locationName: 'string',
  city: 'string',
  postalCode: 'string',
  specialties: 'enum[]',
  networks: 'enum[]',
  plans: 'enum[]',
  /** Full tags and primary subtags, lower-case, so "es" matches "es-MX" as in the embedded engine. */
  languages: 'enum[]',
  facetLanguages: 'enum[]',
  accepting: 'enum',
  kind: 'enum',
  position: 'geopoint',
} as const;

type OramaDb = Orama<typeof SCHEMA>;

const FACETS = { specialties: {}, facetLanguages: {}, networks: {}, accepting: {} };
const TEXT_PROPERTIES = ['name', 'familyName', 'specialtyText', 'npi', 'organization', 'locationName', 'city', 'postalCode'] as const;
const RAD = Math.PI / 180;

/** What the peer answered: enough to check it did the work. */
export interface PeerResult {
  total: number;
  ids: string[];
}

/**
 * The peer: raw Orama 3.1 over the same documents' searchable and filterable fields. Orama has
 * no distance sort, so "nearest first" is a custom sortBy comparator (haversine, memoised per
 * query); its radius filter does not prune; typo tolerance is its `tolerance: 1`.
 */
export class OramaPeer {
  private constructor(private readonly db: OramaDb) {}

  static async build(documents: readonly ProviderDocument[]): Promise<OramaPeer> {
    const db = create({ schema: SCHEMA });
    const rows = documents.map((d) => {
      const tags = d.languages.map((tag) => tag.toLowerCase());
      return {
        id: d.id,
        ...searchableTexts(d),
        specialties: d.specialties.map((s) => s.code),
        networks: d.networks.map((n) => n.id),
        plans: d.plans.map((p) => p.id),
        languages: [...new Set(tags.flatMap((tag) => [tag, tag.split('-')[0]]))],
        facetLanguages: tags,
        accepting: d.acceptingNewPatients === null ? 'unknown' : String(d.acceptingNewPatients),
        kind: d.kind,
        ...(d.location.position ? { position: { lat: d.location.position.latitude, lon: d.location.position.longitude } } : {}),
      };
    });
    await insertMultiple(db, rows as never, 5000);
    return new OramaPeer(db);
  }

  async search(query: BenchQuery): Promise<PeerResult> {
    const where: Record<string, unknown> = {};
    if (query.specialty) where.specialties = { containsAll: [query.specialty] };
    if (query.network) where.networks = { containsAll: [query.network] };
    if (query.plan) where.plans = { containsAll: [query.plan] };
    if (query.language) where.languages = { containsAll: [query.language] };
    if (query.kind) where.kind = { eq: query.kind };
    if (query.near) {
      where.position = {
        radius: { coordinates: { lat: query.near.latitude, lon: query.near.longitude }, unit: 'km', value: query.near.radiusKm, inside: true },
      };
    }
    const params: Record<string, unknown> = { where, offset: query.offset, limit: query.limit };
    if (query.text !== undefined) {
      params.term = query.text;
      params.properties = TEXT_PROPERTIES;
      params.tolerance = query.class === 'Q5' ? 0 : 1;
    }
    if (query.facets) params.facets = FACETS;
    if (query.sort === 'distance' && query.near) params.sortBy = distanceComparator(query.near.latitude, query.near.longitude);
    const result = await search(this.db, params as unknown as SearchParams<OramaDb>);
    return { total: result.count, ids: result.hits.map((hit) => String(hit.id)) };
  }
}

type SortItem = [unknown, number, { position?: { lat: number; lon: number } }];

/** Nearest first: Orama's sortBy comparator, with each document's distance computed once. */
function distanceComparator(latitude: number, longitude: number): (a: SortItem, b: SortItem) => number {
  const lat0 = latitude * RAD;
  const lon0 = longitude * RAD;
  const cache = new Map<unknown, number>();
  const distance = (item: SortItem): number => {
    let km = cache.get(item[0]);
    if (km === undefined) {
      const p = item[2].position;
      if (!p) km = Infinity;
      else {
        const dLat = p.lat * RAD - lat0;
        const dLon = p.lon * RAD - lon0;
        const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat0) * Math.cos(p.lat * RAD) * Math.sin(dLon / 2) ** 2;
        km = 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
      }
      cache.set(item[0], km);
    }
    return km;
  };
  return (a, b) => distance(a) - distance(b);
}
