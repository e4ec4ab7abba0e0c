import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { loadConfig } from '@pds/config';
import { type GraphQLSchema, parse, validate } from 'graphql';
import { toGraphqlBody } from '../../../bench/src/bench-query';
import { WIDGET_QUERIES } from '../../../widget/src/api';
import { SEARCH_FACETS, SEARCH_PROVIDERS } from '../../../../test/search-queries';
import { AdminResolver } from '../admin/admin.resolver';
import { IndexStatusResolver } from '../admin/index-status.resolver';
import { RunsResolver } from '../admin/runs.resolver';
import { SourcesResolver } from '../admin/sources.resolver';
import { DirectoryListsResolver } from '../providers/directory-lists.resolver';
import { ProviderRecordResolver } from '../providers/provider-record.resolver';
import { ProviderResolver } from '../providers/provider.resolver';
import { SuggestResolver } from '../providers/suggest.resolver';
import { queryCost } from './query-cost';

/** The README's curl examples: `-d '{"query": "…"}'`, a JSON body over several lines. */
function readmeQueries(): string[] {
  const readme = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
  return [...readme.matchAll(/-d '(\{"query":[\s\S]*?\})'/g)].map((match) => (JSON.parse(match[1].replace(/\n/g, ' ')) as { query: string }).query);
}

describe('query cost', () => {
  let schema: GraphQLSchema;
  const { QUERY_MAX_COST, QUERY_MAX_ALIASES, QUERY_MAX_DEPTH } = loadConfig({});

  beforeAll(async () => {
    const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
    const resolvers = [ProviderResolver, ProviderRecordResolver, DirectoryListsResolver, SuggestResolver, AdminResolver, IndexStatusResolver, SourcesResolver, RunsResolver];
    schema = await app.get(GraphQLSchemaFactory).create(resolvers);
    await app.close();
  });

  const cost = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    expect(validate(schema, document)).toEqual([]);
    return queryCost(schema, document, variables);
  };

  it('finds the README examples', () => {
    expect(readmeQueries().length).toBeGreaterThanOrEqual(5);
  });

  const allowed: [string, string, Record<string, unknown>][] = [
    ...readmeQueries().map((query, i): [string, string, Record<string, unknown>] => [`README example ${i + 1}`, query, {}]),
    ...WIDGET_QUERIES.map((query): [string, string, Record<string, unknown>] => [`widget ${/query (\w+)/.exec(query)![1]}`, query, { first: 20, text: 'card', key: 'npi:1234567893' }]),
    ['widget Search at its largest page', WIDGET_QUERIES[0], { first: 100 }],
    ['test SEARCH_PROVIDERS at first: 100', SEARCH_PROVIDERS, { first: 100 }],
    ['test SEARCH_FACETS', SEARCH_FACETS, {}],
    ['the bench\'s HTTP search with facets at first: 100', (JSON.parse(toGraphqlBody({ class: 'Q3', facets: true, sort: 'relevance', offset: 0, limit: 100 })) as { query: string }).query, { first: 100 }],
  ];

  it.each(allowed)('allows %s by default', (_name, query, variables) => {
    const value = cost(query, variables);
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThanOrEqual(QUERY_MAX_COST);
  });

  it('keeps the default alias and depth limits above what those queries use', () => {
    const depth = (query: string) => {
      let open = 0;
      let deepest = 0;
      for (const c of query) deepest = Math.max(deepest, (open += c === '{' ? 1 : c === '}' ? -1 : 0));
      return deepest;
    };
    for (const query of [...readmeQueries(), ...WIDGET_QUERIES, SEARCH_PROVIDERS, SEARCH_FACETS]) expect(depth(query)).toBeLessThanOrEqual(QUERY_MAX_DEPTH);
    expect(QUERY_MAX_ALIASES).toBeGreaterThanOrEqual(1);
  });

  it('multiplies edges by first, but not facets or totals', () => {
    const nodes = (first: number) => cost(`{ searchProviders(first: ${first}) { totalCount edges { node { name networks { id } } } } }`);
    expect(nodes(10) - nodes(1)).toBe(9 * (nodes(2) - nodes(1)));
    const facets = (first: number) => cost(`{ searchProviders(first: ${first}) { facets { specialty { value count } } } }`);
    expect(facets(100)).toBe(facets(1));
    expect(facets(1)).toBeGreaterThan(nodes(1));
  });

  it('counts a `first` over what the resolver accepts as its maximum: the resolver refuses it with the range', () => {
    const query = '{ searchProviders(first: 10000) { edges { node { name } } } }';
    expect(cost(query)).toBe(cost(query.replace('10000', '100')));
  });

  it('counts `first` given as a variable, and one-per-provider searches higher', () => {
    const query = 'query($first: Int, $one: Boolean) { searchProviders(first: $first, onePerProvider: $one) { edges { node { name } } } }';
    expect(cost(query, { first: 50 })).toBeGreaterThan(cost(query, { first: 5 }));
    expect(cost(query, { first: 5, one: true })).toBeGreaterThan(cost(query, { first: 5 }));
  });

  it('costs indexStatus as an admin field: 10, plus 1 per update record and 5 for the list of catch-ups', () => {
    const update = '{ kind status startedAt finishedAt reason source sourceId seconds documents documentsUpserted }';
    expect(cost('{ indexStatus { documents updatedAt } }')).toBe(10);
    expect(cost(`{ indexStatus { documents lastReindex ${update} lastCatchUp ${update} catchUps ${update} } }`)).toBe(10 + 1 + 1 + 5);
  });

  it('refuses the 300 aliases of searchProviders(first: 100) with facets by cost alone', () => {
    const one = 'searchProviders(first: 100) { totalCount edges { node { name } } facets { specialty { value count } language { value count } } }';
    const query = `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: ${one}`).join(' ')} }`;
    expect(cost(query)).toBeGreaterThan(QUERY_MAX_COST);
  });
});
