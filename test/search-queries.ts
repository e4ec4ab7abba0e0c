/** GraphQL documents the end-to-end tests send, as a find-a-doctor frontend would. */
export const SEARCH_PROVIDERS = /* GraphQL */ `
  query Search($filter: ProviderFilter, $sort: ProviderSort, $first: Int, $after: String) {
    searchProviders(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          practitionerRoleId
          npi
          name
          distanceKm
          acceptingNewPatients
          languages
          specialties { code display }
          networks { id fhirId name }
          plans { id fhirId name }
          location { id address { city state postalCode } position { latitude longitude } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const SEARCH_FACETS = /* GraphQL */ `
  query Facets($filter: ProviderFilter) {
    searchProviders(filter: $filter, first: 1) {
      totalCount
      facets {
        specialty { value count }
        language { value count }
        network { value count }
        acceptingNewPatients { value count }
      }
    }
  }
`;

export interface ProviderNode {
  practitionerRoleId: string;
  npi: string | null;
  name: string;
  distanceKm: number | null;
  acceptingNewPatients: boolean | null;
  languages: string[];
  specialties: { code: string; display: string | null }[];
  /** `id` is `<source id>:<fhirId>`; fhirId is the raw data's. */
  networks: { id: string; fhirId: string; name: string | null }[];
  plans: { id: string; fhirId: string; name: string | null }[];
  location: { id: string; position: { latitude: number; longitude: number } | null };
}

export interface SearchData {
  searchProviders: {
    totalCount: number;
    edges: { cursor: string; node: ProviderNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

export interface FacetData {
  searchProviders: {
    totalCount: number;
    facets: Record<'specialty' | 'language' | 'network' | 'acceptingNewPatients', { value: string; count: number }[]>;
  };
}

/** A point in central Hartford, CT. */
export const HARTFORD = { latitude: 41.7658, longitude: -72.6734 };
