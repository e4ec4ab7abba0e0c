import { ApolloServer } from '@apollo/server';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { compileQuery } from 'graphql-jit';
import { CompiledExecution } from './compiled-execution';

jest.mock('graphql-jit', () => {
  const actual = jest.requireActual<typeof import('graphql-jit')>('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});

const SDL = `
  enum Sort { NEAREST RELEVANCE }
  input Filter { names: [String!], near: Float }
  type Item { name: String!, tags: [String!]!, fails: String }
  type Query { items(filter: Filter, sort: Sort = RELEVANCE, first: Int = 2): [Item!]!, boom: String!, caller: String }
`;

function schemaWithResolvers(calls: { items: number }): GraphQLSchema {
  const schema = buildSchema(SDL);
  const fields = schema.getQueryType()!.getFields();
  fields.items.resolve = async (_root, args: { filter?: { names?: string[] }; sort: string; first: number }) => {
    calls.items++;
    const names = args.filter?.names ?? ['a', 'b', 'c'];
    return names.slice(0, args.first).map((name) => ({ name, tags: [args.sort], fails: null }));
  };
  fields.caller.resolve = (_root, _args, context: { caller?: string }) => context.caller ?? null;
  fields.boom.resolve = () => {
    throw new Error('resolver failed');
  };
  return schema;
}

async function answer(server: ApolloServer<{ caller?: string }>, query: string, variables?: Record<string, unknown>, operationName?: string) {
  const response = await server.executeOperation({ query, variables, operationName }, { contextValue: { caller: 'client-1' } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status, result: response.body.singleResult };
}

describe('CompiledExecution', () => {
  const interpreted = new ApolloServer<{ caller?: string }>({ schema: schemaWithResolvers({ items: 0 }) });
  const calls = { items: 0 };
  const execution = new CompiledExecution();
  const compiled = new ApolloServer<{ caller?: string }>({ gateway: execution.gateway });

  beforeAll(async () => {
    execution.transformSchema(schemaWithResolvers(calls));
    await interpreted.start();
    await compiled.start();
  });
  afterAll(async () => {
    await compiled.stop();
    await interpreted.stop();
  });

  it.each([
    ['selected fields, defaults and list arguments', '{ items(filter: {names: ["x", "y", "z"]}) { name tags } }', undefined, undefined],
    ['variables', 'query Q($f: Filter, $s: Sort) { items(filter: $f, sort: $s, first: 1) { name tags } }', { f: { names: ['v'] }, s: 'NEAREST' }, undefined],
    ['the request context to resolvers', '{ caller }', undefined, undefined],
    ['a named operation among several', 'query A { __typename } query B { items { name } }', undefined, 'B'],
    ['a resolver error (message, path, locations)', '{ items { name } boom }', undefined, undefined],
    ['an enum variable that does not exist', 'query Q($s: Sort) { items(sort: $s) { name } }', { s: 'NOPE' }, undefined],
    ['an Int variable given a string', 'query Q($n: Int) { items(first: $n) { name } }', { n: 'abc' }, undefined],
    ['an input field that does not exist', 'query Q($f: Filter) { items(filter: $f) { name } }', { f: { bogus: 1 } }, undefined],
    ['a missing operation name', 'query A { __typename } query B { __typename }', undefined, undefined],
  ])('answers %s exactly as graphql-js does', async (_case, query, variables, operationName) => {
    const expected = await answer(interpreted, query, variables, operationName);

    const actual = await answer(compiled, query, variables, operationName);

    expect(actual).toEqual(expected);
  });

  it('compiles a document once and runs its resolvers on every request', async () => {
    const query = '{ items(first: 3) { name } }';
    const before = calls.items;
    const compilations = jest.mocked(compileQuery).mock.calls.length;

    const first = await answer(compiled, query);
    const second = await answer(compiled, query);

    expect(second).toEqual(first);
    expect(calls.items - before).toBe(2);
    expect(jest.mocked(compileQuery).mock.calls.length - compilations).toBe(1);
  });

  it('refuses to start without the schema Nest builds', async () => {
    const server = new ApolloServer({ gateway: new CompiledExecution().gateway });

    await expect(server.start()).rejects.toThrow(/transformSchema/);
  });
});
