import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { RunRecordStore, SourceRegistry } from '@pds/harvest';
import { type Runtime, SourceSchedules } from '@pds/runtime';
import { AdminKeyGuard } from './admin/admin-key.guard';
import { AdminResolver } from './admin/admin.resolver';
import { RunsResolver } from './admin/runs.resolver';
import { SourcesResolver } from './admin/sources.resolver';
import { formatGraphQLError } from './graphql-error.formatter';
import { HealthController } from './health/health.controller';
import { ProviderResolver } from './providers/provider.resolver';
import { RuntimeModule } from './runtime.module';

@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRuntime(runtime),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: formatGraphQLError,
        }),
      ],
      controllers: [HealthController],
      providers: [
        ProviderResolver,
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
