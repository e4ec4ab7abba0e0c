import { type DocumentNode, type FieldNode, type GraphQLSchema, getNamedType, isListType, isNonNullType, isObjectType, type GraphQLOutputType } from 'graphql';
import { type ComplexityEstimator, type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { MAX_LIST } from '../providers/directory-lists.resolver';
import { MAX_PAGE_SIZE } from '../providers/provider-search-query';
import { MAX_SUGGESTIONS } from '../providers/suggest.resolver';

/**
 * The cost model (README "Limits"): an object field costs 1 plus what it selects; a nested list of
 * objects counts NESTED_LIST_SIZE items; scalars are free. Root fields cost what they make the
 * index do: a search (more with onePerProvider) plus `first` times one edge, facets FACETS on top;
 * suggestions and specialties `first` items, the other lists LIST_SIZE items, each 1 plus what it selects.
 */
export const COSTS = {
  SEARCH: 10,
  ONE_PER_PROVIDER_SEARCH: 20,
  FACETS: 50,
  SUGGEST: 5,
  LIST: 2,
  LIST_SIZE: 50,
  NESTED_LIST_SIZE: 5,
  RECORD: 5,
  /** Admin fields (sources, runs, mutations): read state files or Redis, or queue work. */
  ADMIN: 10,
} as const;

const DEFAULT_FIRST = { searchProviders: 20, suggest: 8, specialties: 50 } as const;
/** A larger `first` is refused by its resolver, before any search, with a message saying the range. */
const MAX_FIRST = { searchProviders: MAX_PAGE_SIZE, suggest: MAX_SUGGESTIONS, specialties: MAX_LIST } as const;
const CATALOG_LISTS = new Set(['payers', 'networks', 'plans', 'languages']);

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function first(args: Record<string, unknown>, field: keyof typeof DEFAULT_FIRST): number {
  return typeof args.first === 'number' ? Math.min(Math.max(args.first, 0), MAX_FIRST[field]) : DEFAULT_FIRST[field];
}

/**
 * Estimators for one computation. Every field's cost is remembered by its node, so a connection
 * multiplies only its `edges` by `first`, not its facets or totals.
 */
function estimators(schema: GraphQLSchema): ComplexityEstimator[] {
  const costOf = new Map<FieldNode, number>();
  const rootTypes = new Set<unknown>([schema.getQueryType(), schema.getMutationType()].filter(Boolean));

  const connection = (node: FieldNode, childComplexity: number, edges: number): number => {
    let cost = childComplexity;
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind === 'Field' && selection.name.value === 'edges') cost += (edges - 1) * (costOf.get(selection) ?? 0);
    }
    return cost;
  };

  const estimate = ({ type, field, args, node, childComplexity }: ComplexityEstimatorArgs): number => {
    const name = field.name;
    if (rootTypes.has(type)) {
      if (type === schema.getMutationType()) return COSTS.ADMIN + childComplexity;
      if (name === 'searchProviders') {
        const search = args.onePerProvider === true ? COSTS.ONE_PER_PROVIDER_SEARCH : COSTS.SEARCH;
        return search + connection(node, childComplexity, first(args, 'searchProviders'));
      }
      if (name === 'suggest') return COSTS.SUGGEST + first(args, 'suggest') * (1 + childComplexity);
      if (name === 'specialties') return COSTS.LIST + first(args, 'specialties') * (1 + childComplexity);
      if (CATALOG_LISTS.has(name)) return COSTS.LIST + COSTS.LIST_SIZE * (1 + childComplexity);
      if (name === 'provider') return COSTS.RECORD + childComplexity;
      if (name === '__typename' || name === '__schema' || name === '__type') return 1 + childComplexity;
      return COSTS.ADMIN + childComplexity;
    }
    if (!isObjectType(getNamedType(field.type))) return 0;
    if (name === 'facets') return COSTS.FACETS + childComplexity;
    // One edge: the connection multiplies it by `first`.
    if (name === 'edges') return 1 + childComplexity;
    return isList(field.type) ? COSTS.NESTED_LIST_SIZE * (1 + childComplexity) : 1 + childComplexity;
  };

  return [
    (args) => {
      const cost = estimate(args);
      costOf.set(args.node, cost);
      return cost;
    },
  ];
}

/** The cost of the operation `operationName` of a parsed, validated document with these variables. */
export function queryCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({ schema, query, variables, operationName, estimators: estimators(schema) });
}
