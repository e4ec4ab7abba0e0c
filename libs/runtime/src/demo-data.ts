import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppConfig, Logger } from '@pds/config';
import { generateDirectory } from '@pds/generator';
import { adHocSettings, type SourceRunner, type IndexUpdater, type RunRecord, type SourceRegistry, type SourceSettings } from '@pds/harvest';
import type { SearchIndex } from '@pds/search';
import type { ResourceStore } from '@pds/store';

export const DEMO_NOTICE = 'synthetic demo data; set SOURCES to harvest real directories';
/** Roughly a mid-sized payer: big enough to feel real across the US, indexed within seconds. */
const DEMO_PROVIDERS = 20_000;
const DEMO_SEED = 1;

export interface DemoDataDeps {
  config: AppConfig;
  logger: Logger;
  store: ResourceStore;
  index: SearchIndex;
  runner: SourceRunner;
  updater: IndexUpdater;
  registry: SourceRegistry;
  fileSources: SourceSettings[];
}

/**
 * The first minute of a fresh `npm start`: with nothing to serve and no source configured, a
 * seeded synthetic directory is generated into DATA_DIR/demo and indexed as the source `demo`;
 * it goes away when a real source completes a full pass.
 */
export class DemoData {
  readonly directory: string;
  /** The source key its resources and documents carry, as `npm run harvest DIR` would give them. */
  readonly sourceKey: string;
  /** The id its documents' network, plan, payer and organization ids are scoped to (`demo:<fhirId>`). */
  readonly sourceId = 'demo';
  private preparing = false;

  constructor(private readonly deps: DemoDataDeps) {
    this.directory = path.resolve(deps.config.DATA_DIR, 'demo');
    this.sourceKey = pathToFileURL(this.directory).href;
  }

  /** Whether what is served is (or is about to be) the demo: the page says so. */
  async active(): Promise<boolean> {
    return this.preparing || (await this.stored());
  }

  /** Whether the store holds demo resources (an emptied source may stay listed by the store). */
  private async stored(): Promise<boolean> {
    return Object.values(await this.deps.store.counts(this.sourceKey)).some((count) => count > 0);
  }

  /**
   * Generates and indexes the demo when the deployment has nothing else. Only where this process
   * runs the jobs (no REDIS_URL): a distributed deployment is given real sources.
   */
  async seedIfEmpty(): Promise<void> {
    const { config, logger, index, registry, fileSources, runner } = this.deps;
    if (config.DEMO_DATA === 'off' || config.REDIS_URL) return;
    if (config.SOURCES.length > 0 || fileSources.length > 0 || (await registry.list()).length > 0) return;
    if ((await index.stats()).documents > 0) return;
    this.preparing = true;
    try {
      const started = performance.now();
      logger.info({ providers: DEMO_PROVIDERS, directory: this.directory }, 'nothing to serve and no source configured: generating synthetic demo data');
      await generateDirectory({ providers: DEMO_PROVIDERS, seed: DEMO_SEED, out: this.directory });
      await runner.run({ ...adHocSettings(this.sourceKey), id: this.sourceId, name: 'demo' }, 'full');
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      logger.info({ source: 'demo', documents: (await index.stats()).documents, seconds }, DEMO_NOTICE);
    } finally {
      this.preparing = false;
    }
  }

  /** After a run: a real source's first complete full pass retires the demo, resources and documents. */
  async retireAfter(record: RunRecord): Promise<void> {
    if (record.sourceUrl === this.sourceKey || record.status !== 'succeeded' || record.mode !== 'full') return;
    if (!(await this.stored())) return;
    // An empty pass, committed, deletes every resource of the source; the index catches up.
    const pass = await this.deps.store.beginPass(this.sourceKey);
    await pass.commit();
    const index = await this.deps.updater.catchUp(this.sourceKey, this.sourceId);
    this.deps.logger.info({ source: 'demo', realSource: record.sourceUrl, index }, 'a real source completed a full pass: demo data removed');
  }
}
