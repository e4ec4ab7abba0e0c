import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@pds/config';
import { JOB_QUEUE } from '@pds/jobs';
import { DemoData, type Runtime } from '@pds/runtime';
import { SEARCH_INDEX } from '@pds/search';

export const RUNTIME = Symbol('Runtime');

/** Exposes the adapters the runtime chose to Nest's dependency injection. */
@Global()
@Module({})
export class RuntimeModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const providers = [
      { provide: RUNTIME, useValue: runtime },
      { provide: APP_CONFIG, useValue: runtime.config },
      { provide: SEARCH_INDEX, useValue: runtime.index },
      { provide: JOB_QUEUE, useValue: runtime.queue },
      { provide: DemoData, useValue: runtime.demo },
    ];
    return { module: RuntimeModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
