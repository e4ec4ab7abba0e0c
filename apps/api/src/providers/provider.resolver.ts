import { Inject } from '@nestjs/common';
import { Args, Info, Int, Query, Resolver } from '@nestjs/graphql';
import { PlaceResolver } from '@pds/places';
import { FACET_FIELDS, type FacetField, SEARCH_INDEX, type SearchIndex, type SearchResult } from '@pds/search';
import { type GraphQLResolveInfo, Kind } from 'graphql';
import { ProviderFilter, ProviderSort } from './provider-filter.model';
import { type ProviderAtLocation, ProviderConnection, type ProviderEdge, type ProviderFacets } from './provider.model';
import { resolveNear } from './near.resolver';
import { toNode } from './provider-node.mapper';
import { MAX_PAGE_SIZE, toSearchQuery } from './provider-search-query';
import { encodeCursor } from './search-cursor';
import { SourceNames } from './source-names';

@Resolver()
export class ProviderResolver {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly places: PlaceResolver,
    private readonly sources: SourceNames,
  ) {}

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
    const resolved = filter?.near ? resolveNear(filter.near, this.places) : null;
    const { query, fingerprint } = toSearchQuery({ filter, sort, first, after, onePerProvider, facets, near: resolved?.near });
    const [result, sourceOf] = await Promise.all([this.index.search(query), this.sources.namer()]);
    const edges = result.hits.map((hit, position) => new LazyCursorEdge(toNode(hit, sourceOf), query.offset + position + 1, fingerprint));
    const hasNextPage = query.offset + edges.length < result.total;
    return {
      origin: resolved?.origin ?? null,
      totalCount: result.total,
      edges,
      pageInfo: {
        hasNextPage,
        get endCursor() {
          return edges.at(-1)?.cursor ?? null;
        },
      },
      facets: toFacets(result),
    };
  }
}

/**
 * An edge whose cursor is signed only when a client selects it (GraphQL reads the getter): an HMAC
 * per edge, and the query's hash, were a measurable share of a search that asks for nodes only.
 * A class, so the getter is on the prototype rather than a closure per edge.
 */
class LazyCursorEdge implements ProviderEdge {
  constructor(
    readonly node: ProviderAtLocation,
    private readonly offset: number,
    private readonly fingerprint: () => string,
  ) {}

  get cursor(): string {
    return encodeCursor(this.offset, this.fingerprint());
  }
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
    kind: counts('kind').map(({ value, count }) => ({ value: value.toUpperCase(), count })),
    serviceCategory: counts('serviceCategory'),
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
