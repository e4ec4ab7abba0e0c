import { graphql } from './graphql-client';

/** What an API serves, compared whole: every document as a `role@location` key, and the facet counts. */
export interface ServedIndex {
  keys: string[];
  facets: unknown;
}

interface SnapshotPage {
  edges: { node: { practitionerRoleId: string; location: { id: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  facets: unknown;
}

const SNAPSHOT_QUERY = `query($after: String) {
  searchProviders(first: 100, after: $after) {
    edges { node { practitionerRoleId location { id } } }
    pageInfo { hasNextPage endCursor }
    facets { specialty { value count } network { value count } language { value count } acceptingNewPatients { value count } }
  }
}`;

interface NetworkFacet {
  network: { value: string; count: number }[];
}

/**
 * The same data harvested through a proxy, or under a registered id, has another source id; the
 * network facet is compared by the FHIR id its scoped value (`<sourceId>:<fhirId>`) ends with.
 */
function withFhirNetworkIds(facets: unknown): unknown {
  const { network, ...rest } = facets as NetworkFacet;
  return { ...rest, network: network.map(({ value, count }) => ({ value: value.slice(value.indexOf(':') + 1), count })) };
}

/** Pages through every document the API at `apiUrl` serves. */
export async function servedIndex(apiUrl: string): Promise<ServedIndex> {
  const keys: string[] = [];
  let after: string | null = null;
  let facets: unknown = null;
  for (;;) {
    const page: { data?: { searchProviders: SnapshotPage } } = await graphql(apiUrl, SNAPSHOT_QUERY, { after });
    const connection: SnapshotPage = page.data!.searchProviders;
    facets ??= withFhirNetworkIds(connection.facets);
    keys.push(...connection.edges.map(({ node }) => `${node.practitionerRoleId}@${node.location.id}`));
    if (!connection.pageInfo.hasNextPage) return { keys: keys.sort(), facets };
    after = connection.pageInfo.endCursor;
  }
}
