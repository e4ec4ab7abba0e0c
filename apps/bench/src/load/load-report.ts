import type { HttpFigures } from '../http-load';
import type { LoadOptions } from './load-args';
import { LOAD_SHARES } from './load-mix';
import type { MixFigures } from './load-runner';

/** The p99 the issue asks for during a reindex at 100k on 2 cores. */
export const P99_TARGET_MS = 50;
/** A soak's RSS at the end may exceed its early RSS by at most this share. */
export const RSS_GROWTH_TARGET = 0.1;

export interface IndexUpdate {
  /** Seconds after the mixed load started. */
  atSeconds: number;
  documents: number;
}

export interface LoadFigures {
  size: number;
  during: LoadOptions['during'];
  documents: number;
  floor: HttpFigures;
  mix: MixFigures;
  /** mix req/s over floor req/s, both measured in this run. */
  floorRatio: number;
  /** With --during reindex: the jobs started and the index generations published while loaded. */
  reindex: { jobs: string[]; updates: IndexUpdate[] } | null;
  soak: { earlyAfter: number; earlyRssMB: number; endRssMB: number; growth: number } | null;
}

export function formatLoadReport(figures: LoadFigures): string {
  const { mix, floor } = figures;
  const classes = Object.entries(mix.byClass)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  const lines = [
    `load test: ${figures.documents} documents (generated ${figures.size}), ${figures.during === 'reindex' ? 'during a full reindex and an incremental harvest' : 'idle'}, 16 connections`,
    `  mix shares (%): ${Object.entries(LOAD_SHARES).map(([name, share]) => `${name} ${share}`).join(', ')}; Q4 follows its next page by cursor`,
    `  floor { __typename }: ${floor.rps.toFixed(0)} req/s (p99 ${floor.p99Ms} ms)`,
    `  mix: ${mix.rps.toFixed(0)} req/s = ${(figures.floorRatio * 100).toFixed(0)}% of the floor, p50 ${mix.p50Ms} ms, p99 ${mix.p99Ms} ms, ${mix.requests} requests (${classes})`,
    `  errors: ${mix.errors} (non-2xx ${mix.non2xx}, GraphQL errors in 2xx answers ${mix.graphqlErrors})${mix.firstError ? `; first: ${mix.firstError}` : ''}`,
  ];
  if (figures.reindex) {
    const updates = figures.reindex.updates.map((update) => `+${update.atSeconds.toFixed(1)} s (${update.documents} documents)`).join(', ');
    lines.push(`  reindex: jobs ${figures.reindex.jobs.join(', ')}; index generations published during the load: ${updates || 'none (the load ended first: raise --seconds)'}`);
  }
  if (figures.soak) {
    const { earlyAfter, earlyRssMB, endRssMB, growth } = figures.soak;
    lines.push(`  soak: API RSS ${earlyRssMB.toFixed(0)} MB after ${earlyAfter} answers, ${endRssMB.toFixed(0)} MB after ${mix.requests} (${signedPercent(growth)}; target within ${RSS_GROWTH_TARGET * 100}%)`);
  }
  const checks = [`0 errors: ${mix.errors === 0 ? 'met' : 'MISSED'}`];
  if (figures.during === 'reindex') checks.push(`p99 <= ${P99_TARGET_MS} ms during the reindex: ${mix.p99Ms <= P99_TARGET_MS ? 'met' : 'MISSED'}`);
  if (figures.soak) checks.push(`RSS within ${RSS_GROWTH_TARGET * 100}%: ${figures.soak.growth <= RSS_GROWTH_TARGET ? 'met' : 'MISSED'}`);
  lines.push(`  targets: ${checks.join('; ')}`);
  return lines.join('\n');
}

function signedPercent(share: number): string {
  return `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)}%`;
}
