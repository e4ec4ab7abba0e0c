import { join } from 'node:path';
import { DirectoryBuilder } from '@pds/directory';
import { EmbeddedSearchIndex } from '@pds/search';
import { FileResourceStore } from '@pds/store';
import { peakRssMB } from './peak-rss';

/** What the build child reports to the bench process. */
export type BuildMessage =
  | { type: 'built'; documents: number; byKind: Record<string, number>; seconds: number; peakRssMB: number | null }
  | { type: 'error'; message: string };

/**
 * The timed build, in a process of its own started with the V8 flags the service's builders run
 * with (`npm run start:worker`, `npm run harvest`): its peak RSS is a builder's, not the bench
 * process's (whose 12 GB heap limit, for the query phase, lets garbage pile up during a build).
 * It opens the harvested store as a worker does, streams the DirectoryBuilder's batches into an
 * embedded rebuild and commits it (snapshot written).
 */
async function main(dataDir: string, source: string, sourceId: string): Promise<BuildMessage> {
  const started = performance.now();
  const store = new FileResourceStore(join(dataDir, 'resources'));
  const index = await EmbeddedSearchIndex.open(join(dataDir, 'index'), { watchIntervalMs: 0 });
  try {
    const build = await index.beginRebuild();
    try {
      for await (const batch of new DirectoryBuilder().build(store, source, sourceId)) await build.add(batch);
      await build.commit();
    } catch (error) {
      await build.abort();
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    const built = await index.search({ sort: 'relevance', offset: 0, limit: 0, facets: ['kind'] });
    const byKind = Object.fromEntries((built.facets.kind ?? []).map(({ value, count }) => [value, count]));
    return { type: 'built', documents: built.total, byKind, seconds, peakRssMB: peakRssMB() };
  } finally {
    await index.close();
    await store.close();
  }
}

const [dataDir, source, sourceId] = process.argv.slice(2);
main(dataDir, source, sourceId).then(
  (message) => process.send!(message, () => process.exit(0)),
  (error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies BuildMessage, () => process.exit(1));
  },
);
