import { readFileSync } from 'node:fs';
import { PlaceResolver } from '@pds/places';
import { EmbeddedSearchIndex, loadLayTerms, Suggester } from '@pds/search';
import { type BenchQuery, CHECKED_QUERIES, QUERY_CLASSES, type QueryClass, toSearchQuery } from './bench-query';
import { peakRssMB } from './peak-rss';
import { type LatencySummary, summarize } from './percentiles';
import { SUGGEST_LIMIT, type SuggestQuery } from './suggest-queries';

/** Messages from the serving child to the bench process. */
export type ServeMessage =
  | { type: 'ready'; openMs: number; firstQueryMs: number; documents: number }
  | {
      type: 'result';
      latencies: Record<QueryClass, LatencySummary>;
      /** Match totals of the first queries of each class, to check the peer and the floor answer alike. */
      totals: Record<QueryClass, number[]>;
      /** Q6: the API's suggester (catalog, provider search, gazetteer) over the same index. */
      suggest: LatencySummary;
      maxRssMB: number;
      rssMB: number;
      heapUsedMB: number;
    }
  | { type: 'error'; message: string };

/**
 * The serving process of the benchmark: it only opens the built index and answers queries,
 * so its peak RSS and its restart time are a server's, not the builder's. Ready = the index is
 * open and the first query answered; then it reads the query list, runs it once to warm up,
 * and times `rounds` passes over each class (one query at a time, as awaited calls).
 */
async function main(indexDir: string, queriesFile: string, rounds: number): Promise<void> {
  const send = (message: ServeMessage) => new Promise<void>((done) => process.send!(message, () => done()));
  const opened = performance.now();
  const index = await EmbeddedSearchIndex.open(indexDir, { watchIntervalMs: 0 });
  const openMs = performance.now() - opened;
  const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as Record<QueryClass, BenchQuery[]> & { Q6: SuggestQuery[] };
  const first = performance.now();
  await index.search(toSearchQuery(queries.Q1[0]));
  const firstQueryMs = performance.now() - first;
  await send({ type: 'ready', openMs, firstQueryMs, documents: (await index.stats()).documents });

  const prepared = Object.fromEntries(QUERY_CLASSES.map((name) => [name, queries[name].map(toSearchQuery)])) as Record<QueryClass, ReturnType<typeof toSearchQuery>[]>;
  const totals = Object.fromEntries(QUERY_CLASSES.map((name) => [name, [] as number[]])) as Record<QueryClass, number[]>;
  for (const name of QUERY_CLASSES) {
    for (const query of prepared[name]) {
      const { total } = await index.search(query);
      if (totals[name].length < CHECKED_QUERIES) totals[name].push(total);
    }
  }
  const latencies = {} as Record<QueryClass, LatencySummary>;
  for (const name of QUERY_CLASSES) {
    (globalThis as { gc?: () => void }).gc?.();
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const query of prepared[name]) {
        const started = performance.now();
        await index.search(query);
        samples.push(performance.now() - started);
      }
    }
    latencies[name] = summarize(samples);
  }
  const suggest = await timeSuggestions(index, queries.Q6, rounds);
  const memory = process.memoryUsage();
  await send({
    type: 'result',
    latencies,
    totals,
    suggest,
    maxRssMB: peakRssMB() ?? process.resourceUsage().maxRSS / 1024,
    rssMB: memory.rss / 2 ** 20,
    heapUsedMB: memory.heapUsed / 2 ** 20,
  });
  await index.close();
}

/** Q6: one warm-up pass (loads the catalog and the gazetteer), then `rounds` timed passes. */
async function timeSuggestions(index: EmbeddedSearchIndex, queries: readonly SuggestQuery[], rounds: number): Promise<LatencySummary> {
  const suggester = new Suggester(index, new PlaceResolver(), loadLayTerms());
  const ask = (query: SuggestQuery) => suggester.suggest({ text: query.text, near: query.near, limit: SUGGEST_LIMIT });
  for (const query of queries) await ask(query);
  (globalThis as { gc?: () => void }).gc?.();
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const started = performance.now();
      await ask(query);
      samples.push(performance.now() - started);
    }
  }
  return summarize(samples);
}

const [indexDir, queriesFile, rounds] = process.argv.slice(2);
main(indexDir, queriesFile, Number(rounds ?? 3)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ServeMessage, () => process.exit(1));
  },
);
