import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';

/** The name of the resolver @nestjs/graphql gives every @Field of an @ObjectType without middleware. */
const NEST_PROPERTY_READER = 'rootFieldResolver';

/**
 * Removes the resolvers that only read the field's own property, so graphql-jit inlines the read.
 * @nestjs/graphql gives every @Field a resolver (`root[name]`, or the field's defaultValue when
 * undefined); graphql-jit calls a field that has one through its resolver path, with a path and a
 * GraphQLResolveInfo per value: on a search page of 20 providers that was a third of what a request
 * allocated. A resolver is dropped only when a probe shows it reads the property of the field's own
 * name and has no default; renamed or defaulted fields, and every real resolver, keep theirs.
 * Changes the schema in place and returns it.
 */
export function dropPropertyReaders(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve && readsOnlyOwnProperty(field.resolve, field.name)) field.resolve = undefined;
    }
  }
  return schema;
}

function readsOnlyOwnProperty(resolve: GraphQLFieldResolver<unknown, unknown>, fieldName: string): boolean {
  if (resolve.name !== NEST_PROPERTY_READER || resolve.length !== 1) return false;
  const read: PropertyKey[] = [];
  const probe = new Proxy({}, { get: (_target, key) => (read.push(key), undefined) });
  const answer = (resolve as (root: unknown) => unknown)(probe);
  return answer === undefined && read.length === 1 && read[0] === fieldName;
}
