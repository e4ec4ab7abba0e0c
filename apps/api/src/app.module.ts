import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { RunRecordStore, SourceRegistry } from '@pds/harvest';
import { PlaceResolver } from '@pds/places';
import { loadLayTerms, Suggester } from '@pds/search';
import { type Runtime, SourceSchedules } from '@pds/runtime';
import { AdminKeyGuard } from './admin/admin-key.guard';
import { AdminResolver } from './admin/admin.resolver';
import { RunsResolver } from './admin/runs.resolver';
import { SourcesResolver } from './admin/sources.resolver';
import { graphQLErrorFormatter } from './graphql-error.formatter';
import { HealthController } from './health/health.controller';
import type { Operations } from './ops/operations.module';
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
    if (runtime.config.CURSOR_SECRET) useCursorSecret(runtime.config.CURSOR_SECRET);
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
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: graphQLErrorFormatter(runtime.logger),
          // Apollo's default cache-control plugin wraps every field resolver to collect cache
          // hints nobody sets here (answers are POSTs, never HTTP-cached): ~5% of a search's CPU.
          // The cast bridges @apollo/server's CJS types (ours) and ESM types (Nest's); the plugin is
          // recognised by shape, so either copy of the package takes it.
          plugins: [ApolloServerPluginCacheControlDisabled() as ApolloPlugin, ...(operations.plugins as ApolloPlugin[])],
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
        SourcesResolver,
        RunsResolver,
        AdminKeyGuard,
        { provide: SourceRegistry, useValue: runtime.sources },
        { provide: RunRecordStore, useValue: runtime.runs },
        { provide: SourceSchedules, useValue: runtime.schedules },
      ],
    };
  }
}
