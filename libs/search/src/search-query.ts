import type { GeoPoint, ProviderDocument } from './provider-document';

/** Fields that can be filtered on exactly; every value list is OR-ed, fields are AND-ed. */
export interface SearchFilters {
  specialties?: string[];
  networks?: string[];
  plans?: string[];
  payers?: string[];
  languages?: string[];
  gender?: string;
  acceptingNewPatients?: boolean;
  telehealth?: boolean;
  states?: string[];
  postalCodes?: string[];
  organizations?: string[];
  kinds?: ProviderDocument['kind'][];
  /** HealthcareService category codes (hosp, pharm, ...). */
  serviceCategories?: string[];
  /** Documents of these providers (`providerKey`): one provider's whole record. */
  providerKeys?: string[];
}

export interface GeoRadius extends GeoPoint {
  radiusKm: number;
}

/** A latitude/longitude rectangle; `west` > `east` crosses the antimeridian. */
export interface GeoBoundingBox {
  north: number;
  south: number;
  east: number;
  west: number;
}

export const FACET_FIELDS = ['specialty', 'language', 'network', 'plan', 'acceptingNewPatients', 'gender', 'kind', 'serviceCategory'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export type SearchSort = 'relevance' | 'distance';

export interface SearchQuery {
  text?: string;
  filters?: SearchFilters;
  near?: GeoRadius;
  boundingBox?: GeoBoundingBox;
  /**
   * One hit per provider (`providerKey`): the best-ranked (nearest, with `near`) location is the
   * hit, the provider's other matching locations are listed in `otherLocations`; `total` and
   * paging count providers, facets still count documents.
   */
  groupByProvider?: boolean;
  sort: SearchSort;
  offset: number;
  limit: number;
  facets?: readonly FacetField[];
}

export interface SearchHit {
  document: ProviderDocument;
  /** Great-circle (haversine) distance from `near`, when `near` was given. */
  distanceKm: number | null;
  /** With `groupByProvider`: the provider's other matching locations, in rank order. */
  otherLocations?: { document: ProviderDocument; distanceKm: number | null }[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  /** Number of documents matching the whole query, not just this page. */
  total: number;
  hits: SearchHit[];
  facets: Partial<Record<FacetField, FacetCount[]>>;
}
