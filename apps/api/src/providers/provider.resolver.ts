import { Inject } from '@nestjs/common';
import { Args, Info, Int, Query, Resolver } from '@nestjs/graphql';
import {
  FACET_FIELDS,
  type FacetField,
  type Named,
  type ProviderDocument,
  SEARCH_INDEX,
  type SearchHit,
  type SearchIndex,
  type SearchResult,
} from '@pds/search';
import { type GraphQLResolveInfo, Kind } from 'graphql';
import { ProviderFilter, ProviderSort } from './provider-filter.input';
import { ProviderConnection, type ProviderFacets } from './provider.model';
import { MAX_PAGE_SIZE, toSearchQuery } from './provider-search.query';
import { encodeCursor } from './search-cursor';

@Resolver()
export class ProviderResolver {
  constructor(@Inject(SEARCH_INDEX) private readonly index: SearchIndex) {}

  @Query(() => ProviderConnection, {
    description: 'Providers at practice locations matching every filter, with facet counts over the whole match.',
  })
  async searchProviders(
    @Info() info: GraphQLResolveInfo,
    @Args('filter', { type: () => ProviderFilter, nullable: true }) filter: ProviderFilter | null,
    @Args('sort', { type: () => ProviderSort, defaultValue: ProviderSort.RELEVANCE }) sort: ProviderSort,
    @Args('first', { type: () => Int, defaultValue: 20, description: `1 to ${MAX_PAGE_SIZE}.` }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('onePerProvider', {
      type: () => Boolean,
      defaultValue: false,
      description: 'One edge per provider (its best location); the others in otherLocations. Counts providers.',
    })
    onePerProvider: boolean,
  ): Promise<ProviderConnection> {
    const facets = selectsField(info, 'facets') ? FACET_FIELDS : [];
    const { query, fingerprint } = toSearchQuery({ filter, sort, first, after, onePerProvider, facets });
    const result = await this.index.search(query);
    const edges = result.hits.map((hit, position) => ({
      cursor: encodeCursor(query.offset + position + 1, fingerprint),
      node: {
        ...hit.document,
        ...providerCoverage(hit),
        distanceKm: hit.distanceKm,
        otherLocations: (hit.otherLocations ?? []).map(({ document, distanceKm }) => ({ ...document, distanceKm })),
      },
    }));
    const hasNextPage = query.offset + edges.length < result.total;
    return {
      totalCount: result.total,
      edges,
      pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      facets: toFacets(result),
    };
  }
}

/**
 * One provider (one NPI) listed by several payers is one edge with onePerProvider: its networks,
 * plans and payers are those of all its matching locations, from every source.
 */
function providerCoverage(hit: SearchHit): Partial<Pick<ProviderDocument, 'networks' | 'plans' | 'payers'>> {
  if (!hit.otherLocations?.length) return {}; // one location: its own lists, without a copy per hit
  const documents = [hit.document, ...(hit.otherLocations ?? []).map((other) => other.document)];
  const union = (pick: (document: ProviderDocument) => Named[]) => [
    ...new Map(documents.flatMap(pick).map((named) => [named.id, named])).values(),
  ];
  return { networks: union((d) => d.networks), plans: union((d) => d.plans), payers: union((d) => d.payers) };
}

function toFacets(result: SearchResult): ProviderFacets {
  const counts = (field: FacetField) => result.facets[field] ?? [];
  return {
    specialty: counts('specialty'),
    language: counts('language'),
    network: counts('network'),
    plan: counts('plan'),
    acceptingNewPatients: counts('acceptingNewPatients'),
    gender: counts('gender'),
  };
}

/** Facets cost a pass over the whole match, so they are computed only when the client asks. */
function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return info.fieldNodes.some((node) =>
    (node.selectionSet?.selections ?? []).some(
      (selection) => selection.kind !== Kind.FIELD || selection.name.value === name,
    ),
  );
}
