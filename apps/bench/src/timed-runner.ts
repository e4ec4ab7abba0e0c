import { type LatencySummary, summarize } from './percentiles';

export interface TimeBox {
  /** Unmeasured warm-up calls (the first queries of the list). */
  warmup: number;
  /** Stop measuring once this much time went by, but not before `minimum` queries. */
  budgetMs: number;
  minimum: number;
}

/** Times `run` over the queries one at a time, within a time box; returns the summary and how many ran. */
export async function timeQueries<Q>(queries: readonly Q[], run: (query: Q) => unknown, box: TimeBox): Promise<LatencySummary> {
  for (const query of queries.slice(0, box.warmup)) await run(query);
  const samples: number[] = [];
  const started = performance.now();
  for (const query of queries) {
    const before = performance.now();
    await run(query);
    samples.push(performance.now() - before);
    if (samples.length >= box.minimum && performance.now() - started > box.budgetMs) break;
  }
  return summarize(samples);
}
