import { NestFactory } from '@nestjs/core';
import { Field, GraphQLSchemaBuilderModule, GraphQLSchemaFactory, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { execute, type GraphQLObjectType, type GraphQLSchema, parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { dropPropertyReaders } from './property-readers';

@ObjectType()
class Tag {
  @Field()
  label!: string;
}

@ObjectType()
class Item {
  @Field()
  name!: string;

  @Field(() => String, { name: 'title' })
  heading!: string;

  @Field(() => String, { nullable: true, defaultValue: 'none given' })
  note?: string;

  @Field(() => [Tag])
  tags!: Tag[];
}

@Resolver(() => Item)
class ItemResolver {
  @Query(() => [Item])
  items(): Item[] {
    return [
      { name: 'a', heading: 'First', note: 'kept', tags: [{ label: 'x' }] },
      { name: 'bb', heading: 'Second', tags: [] },
    ];
  }

  @ResolveField(() => Int)
  length(@Parent() item: Item): number {
    return item.name.length;
  }
}

const QUERY = '{ items { name title note length tags { label } } }';

/**
 * The schema as Nest's schema factory builds it (every @Field with its property reader), with the
 * resolver class's methods attached as Nest's resolver explorer attaches them when the app starts.
 */
async function nestSchema(): Promise<GraphQLSchema> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create([ItemResolver]);
    const resolver = new ItemResolver();
    schema.getQueryType()!.getFields().items.resolve = () => resolver.items();
    (schema.getType('Item') as GraphQLObjectType).getFields().length.resolve = (item: Item) => resolver.length(item);
    return schema;
  } finally {
    await app.close();
  }
}

describe('dropPropertyReaders', () => {
  it("removes Nest's resolvers that read the field's own property, and keeps every other", async () => {
    const schema = dropPropertyReaders(await nestSchema());

    const item = (schema.getType('Item') as GraphQLObjectType).getFields();
    const tag = (schema.getType('Tag') as GraphQLObjectType).getFields();
    expect(item.name.resolve).toBeUndefined();
    expect(item.tags.resolve).toBeUndefined();
    expect(tag.label.resolve).toBeUndefined();
    expect(item.title.resolve).toBeDefined();
    expect(item.note.resolve).toBeDefined();
    expect(item.length.resolve).toBeDefined();
    expect(schema.getQueryType()!.getFields().items.resolve).toBeDefined();
  });

  it("answers through graphql-jit exactly as graphql-js does with Nest's resolvers", async () => {
    const document = parse(QUERY);
    const expected = await execute({ schema: await nestSchema(), document });
    const compiled = compileQuery(dropPropertyReaders(await nestSchema()), document);
    if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled));

    const actual = await compiled.query(undefined, {}, {});

    expect(expected.errors).toBeUndefined();
    expect(actual).toEqual(expected);
    expect(actual.data).toEqual({
      items: [
        { name: 'a', title: 'First', note: 'kept', length: 1, tags: [{ label: 'x' }] },
        { name: 'bb', title: 'Second', note: 'none given', length: 2, tags: [] },
      ],
    });
  });
});
