import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { PrefixingKeyValueCache } from '@apollo/utils.keyvaluecache';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { IndexUpdateRecordStore, RunRecordStore, SourceRegistry } from '@pds/harvest';
import { PlaceResolver } from '@pds/places';
import { loadLayTerms, Suggester } from '@pds/search';
import { type Runtime, SourcesService } from '@pds/runtime';
import { AdminKeyGuard } from './admin/admin-key.guard';
import { AdminResolver } from './admin/admin.resolver';
import { IndexStatusResolver } from './admin/index-status.resolver';
import { RunsResolver } from './admin/runs.resolver';
import { SourcesResolver } from './admin/sources.resolver';
import { PersistedQueryStore, listedQueries, persistedQueriesOnlyPlugin } from './caching/persisted-queries';
import { searchCachePlugin } from './caching/search-cache-plugin';
import { CompiledExecution } from './compiled-execution';
import { graphQLErrorFormatter } from './graphql-error-formatter';
import { HealthController } from './health/health.controller';
import type { Operations } from './ops/operations.module';
import { queryLimitsPlugin } from './limits/query-limits-plugin';
import { DirectoryListsResolver } from './providers/directory-lists.resolver';
import { ProviderRecordResolver } from './providers/provider-record.resolver';
import { ProviderResolver } from './providers/provider.resolver';
import { SourceNames } from './providers/source-names';
import { SuggestResolver } from './providers/suggest.resolver';
import { useCursorSecret } from './providers/search-cursor';
import { RuntimeModule } from './runtime.module';
import { WidgetController } from './widget/widget.controller';

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime, operations: Pick<Operations, 'module' | 'plugins'>): DynamicModule {
    const places = new PlaceResolver();
    const { config } = runtime;
    if (config.CURSOR_SECRET) useCursorSecret(config.CURSOR_SECRET);
    const listed = listedQueries(config);
    const persistedQueries = new PersistedQueryStore(listed, config);
    const limits = { maxCost: config.QUERY_MAX_COST, maxAliases: config.QUERY_MAX_ALIASES, maxDepth: config.QUERY_MAX_DEPTH, maxTokens: config.QUERY_MAX_TOKENS };
    const plugins = [
      queryLimitsPlugin(limits),
      searchCachePlugin(runtime.index, config.SEARCH_CACHE_SECONDS),
      ...(config.PERSISTED_QUERIES_ONLY ? [persistedQueriesOnlyPlugin(listed)] : []),
    ];
    const execution = new CompiledExecution();
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRuntime(runtime),
        operations.module,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          // Nest's config type leaves out Apollo's gateway option; Nest hands every option to ApolloServer.
          ...({ transformSchema: execution.transformSchema, gateway: execution.gateway } as Pick<ApolloDriverConfig, 'transformSchema'>),
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: graphQLErrorFormatter(runtime.logger),
          // The parser stops at the token limit, before building a document of any size.
          parseOptions: { maxTokens: limits.maxTokens },
          // Automatic persisted queries (GET with a hash, so a CDN can cache them).
          // The store's keys are bare hashes: listed queries are looked up by them.
          persistedQueries: { cache: PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation(persistedQueries) },
          // Apollo's default cache-control plugin wraps every field resolver to collect cache
          // hints nobody sets here: ~5% of a search's CPU. searchCachePlugin sets the headers once
          // per response instead. The cast bridges @apollo/server's CJS types (ours) and ESM types
          // (Nest's); plugins are recognised by shape, so either copy of the package takes them.
          plugins: [ApolloServerPluginCacheControlDisabled(), ...plugins, ...operations.plugins] as ApolloPlugin[],
        }),
      ],
      controllers: [HealthController, WidgetController],
      providers: [
        ProviderResolver,
        ProviderRecordResolver,
        DirectoryListsResolver,
        SuggestResolver,
        SourceNames,
        { provide: PlaceResolver, useValue: places },
        { provide: Suggester, useValue: new Suggester(runtime.index, places, loadLayTerms(runtime.config.SEARCH_SYNONYMS_FILE)) },
        AdminResolver,
        IndexStatusResolver,
        SourcesResolver,
        RunsResolver,
        AdminKeyGuard,
        { provide: SourceRegistry, useValue: runtime.registry },
        { provide: SourcesService, useValue: runtime.sources },
        { provide: RunRecordStore, useValue: runtime.runs },
        { provide: IndexUpdateRecordStore, useValue: runtime.indexUpdates },
        { provide: PersistedQueryStore, useValue: persistedQueries },
      ],
    };
  }
}
