import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom, UsGeography } from '@pds/generator';
import { EmbeddedSearchIndex } from '@pds/search';
import { type BenchQuery, CHECKED_QUERIES, QUERY_CLASSES, type QueryClass, toGraphqlBody, toSearchQuery, TYPENAME_BODY } from './bench-query';
import { BENCH_USAGE, type BenchOptions, parseBenchArgs } from './bench-args';
import { formatTable, type QueryFigures, type SizeFigures, toBenchJson } from './bench-report';
import { buildIndex, collectDocuments, loadStore, prepareSource } from './dataset';
import { API_NODE_FLAGS } from './child-env';
import { ApiProcess } from './http-load';
import { OramaPeer } from './orama-peer';
import { percentile } from './percentiles';
import { sampleQueries } from './query-sampler';
import { sampleSuggestQueries, toSuggestBody, type SuggestQuery } from './suggest-queries';
import { ScanFloor } from './scan-floor';
import { probeServing } from './serving-probe';
import { timeQueries } from './timed-runner';

/** Timed passes over each class in the serving child, after one warm-up pass. */
const SERVING_ROUNDS = 3;
/** The peer and the floor are slow by design: each class gets this long (at least 20 queries). */
const PEER_BOX = { warmup: 5, budgetMs: 30_000, minimum: 20 };
/** Orama's p50 moves from run to run (1.6 to 4.8 ms for Q1): the comparison takes the median of this many interleaved rounds. */
const PEER_ROUNDS = 5;
const ROUND_BOX = { warmup: 5, budgetMs: 6_000, minimum: 20 };

async function main(argv: string[]): Promise<number> {
  const args = parseBenchArgs(argv);
  if ('help' in args) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`bench: ${args.error}\n${BENCH_USAGE}\n`);
    return 2;
  }
  const results: SizeFigures[] = [];
  for (const size of args.options.sizes) results.push(await benchSize(size, args.options));
  const table = formatTable(results);
  process.stdout.write(`\n${table}\n`);
  if (args.options.json) {
    await writeFile(args.options.json, `${JSON.stringify(toBenchJson(results), null, 2)}\n`);
    process.stdout.write(`wrote ${args.options.json}\n`);
  }
  return 0;
}

async function benchSize(size: number, options: BenchOptions): Promise<SizeFigures> {
  const log = (line: string) => process.stderr.write(`[bench ${size}] ${line}\n`);
  const notes: string[] = [];
  const loadBefore = loadavg()[0];
  const source = await prepareSource(size, options.seed, log);
  if (source.generated) log(`generated in ${source.seconds.toFixed(1)} s`);
  const dataDir = await mkdtemp(join(tmpdir(), `pds-bench-${size}-`));
  try {
    const loaded = await loadStore(source.dir, dataDir);
    log(`harvested ${loaded.resources} resources into a FileResourceStore in ${loaded.seconds.toFixed(1)} s`);
    notes.push(`harvest of the generated directory into the FileResourceStore (not part of build s): ${loaded.seconds.toFixed(1)} s`);
    const built = await buildIndex(loaded, dataDir);
    log(`built ${built.documents} documents in ${built.seconds.toFixed(1)} s`);
    const diskMB = (await directoryBytes(built.indexDir)) / 2 ** 20;

    let documents = await collectDocuments(loaded);
    const geography = UsGeography.load();
    const queries = sampleQueries(documents, (zip) => geography.lookup(zip), options.queries, options.seed);
    const queriesFile = join(dataDir, 'queries.json');
    const suggestions = sampleSuggestQueries(documents, options.queries, new SeededRandom(options.seed + 6));
    await writeFile(queriesFile, JSON.stringify({ ...queries, Q6: suggestions }));

    log(`serving child: open, then ${SERVING_ROUNDS} timed rounds of ${options.queries} queries per class`);
    const serving = await probeServing(built.indexDir, queriesFile, SERVING_ROUNDS);
    notes.push(`restart s = spawn of a fresh node process to its first answered Q1; EmbeddedSearchIndex.open() alone took ${serving.openSeconds.toFixed(2)} s`);

    const figures = Object.fromEntries(QUERY_CLASSES.map((name) => [name, { embedded: serving.latencies[name], oramaP50: null, oursP50InRounds: null, scanP50: null }])) as Record<
      QueryClass,
      QueryFigures
    >;

    const oramaTotals = emptyTotals();
    if (size <= options.oramaMax) {
      log(`building raw Orama over ${documents.length} documents`);
      const started = performance.now();
      const orama = await OramaPeer.build(documents);
      const oramaSeconds = (performance.now() - started) / 1000;
      const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
      const counts: string[] = [];
      const ours = await EmbeddedSearchIndex.open(built.indexDir, { watchIntervalMs: 0 });
      try {
        for (const name of QUERY_CLASSES) {
          const rounds = await interleavedRounds(queries[name], (query) => ours.search(toSearchQuery(query)), (query) => orama.search(query));
          figures[name].oramaP50 = rounds.peerP50;
          figures[name].oursP50InRounds = rounds.oursP50;
          counts.push(`${name} ${rounds.peerCount}`);
          for (const query of queries[name].slice(0, CHECKED_QUERIES)) oramaTotals[name].push((await orama.search(query)).total);
        }
      } finally {
        await ours.close();
      }
      notes.push(
        `Orama built in ${oramaSeconds.toFixed(1)} s (bench heap then ${heapMB.toFixed(0)} MB); its p50 and the ratio to ours are medians of ${PEER_ROUNDS} interleaved rounds ` +
          `(ours, Orama, ours, Orama…, both in the bench process, ≤${ROUND_BOX.budgetMs / 1000} s each); Orama queries timed in the last round: ${counts.join(', ')}`,
      );
    } else {
      notes.push(`Orama skipped above ${options.oramaMax} documents (--orama-max): ~3.6 KB heap per document and a non-pruning radius filter (~300 ms at 300k)`);
    }

    log('brute-force scan');
    const floor = new ScanFloor(documents);
    const scanCounts: string[] = [];
    const scanTotals = emptyTotals();
    for (const name of QUERY_CLASSES) {
      const summary = await timeQueries(queries[name], (query) => floor.search(query), PEER_BOX);
      figures[name].scanP50 = summary.p50;
      scanCounts.push(`${name} ${summary.count}`);
      scanTotals[name] = queries[name].slice(0, CHECKED_QUERIES).map((query) => floor.search(query).total);
    }
    notes.push(agreement(serving.totals, oramaTotals, scanTotals));
    notes.push(`Orama and scan run in the bench process, one query at a time, ${PEER_BOX.warmup} warm-up queries, ≤${PEER_BOX.budgetMs / 1000} s per class; scan queries timed: ${scanCounts.join(', ')}`);
    documents = [];
    (globalThis as { gc?: () => void }).gc?.();

    let http: SizeFigures['http'] = null;
    if (options.httpAt.includes(size)) {
      log(`HTTP: the API over the built index, ${options.httpSeconds} s per line`);
      http = await runHttp(dataDir, built.documents, queries, suggestions, options.httpSeconds);
      notes.push(`HTTP: autocannon in the bench process, 16 connections, ${options.httpSeconds} s per line, to the API (node ${API_NODE_FLAGS.join(' ')} dist/apps/api/src/main.js, as npm start runs it) on 127.0.0.1; both share the 2 cores`);
    }

    notes.push(`1-min load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (2 cores: above ~2, other work competed)`);
    return {
      size,
      documents: built.documents,
      byKind: built.byKind,
      buildSeconds: built.seconds,
      buildRssMB: built.peakRssMB,
      rssMB: serving.maxRssMB,
      diskMB,
      restartSeconds: serving.restartSeconds,
      queries: figures,
      suggest: serving.suggest,
      http,
      notes,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function runHttp(
  dataDir: string,
  documents: number,
  queries: Record<QueryClass, BenchQuery[]>,
  suggestions: readonly SuggestQuery[],
  seconds: number,
): Promise<NonNullable<SizeFigures['http']>> {
  const api = await ApiProcess.start(dataDir, documents);
  try {
    const q1 = queries.Q1.map((query) => toGraphqlBody(query));
    const q3 = queries.Q3.map((query) => toGraphqlBody(query));
    // Every body once (checks the API answers them without errors, and warms it up).
    const q6 = suggestions.map(toSuggestBody);
    await api.check([TYPENAME_BODY, ...q1, ...q3, ...q6]);
    const floor = await api.load([TYPENAME_BODY], seconds);
    const first = await api.load(q1, seconds);
    const third = await api.load(q3, seconds);
    const sixth = await api.load(q6, seconds);
    for (const [name, line] of [['Q1', first], ['Q3', third], ['Q6', sixth], ['floor', floor]] as const) {
      if (line.errors > 0 || line.non2xx > 0) throw new Error(`HTTP ${name}: ${line.errors} errors, ${line.non2xx} non-2xx answers`);
    }
    return { Q1: first, Q3: third, Q6: sixth, floor };
  } finally {
    await api.stop();
  }
}

/**
 * Times ours and the peer in turns (ours, peer, ours, peer…), so a burst of other work on the
 * machine falls on both, and returns the median of the rounds' p50s of each.
 */
async function interleavedRounds(
  queries: readonly BenchQuery[],
  ours: (query: BenchQuery) => unknown,
  peer: (query: BenchQuery) => unknown,
): Promise<{ oursP50: number; peerP50: number; peerCount: number }> {
  const oursP50s: number[] = [];
  const peerP50s: number[] = [];
  let peerCount = 0;
  for (let round = 0; round < PEER_ROUNDS; round++) {
    oursP50s.push((await timeQueries(queries, ours, ROUND_BOX)).p50);
    const timed = await timeQueries(queries, peer, ROUND_BOX);
    peerP50s.push(timed.p50);
    peerCount = timed.count;
  }
  return { oursP50: median(oursP50s), peerP50: median(peerP50s), peerCount };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return percentile(sorted, 50);
}

function emptyTotals(): Record<QueryClass, number[]> {
  return Object.fromEntries(QUERY_CLASSES.map((name) => [name, [] as number[]])) as Record<QueryClass, number[]>;
}

/** How many of the checked queries got the same match total from the peer and the floor as from ours. */
function agreement(ours: Record<QueryClass, number[]>, orama: Record<QueryClass, number[]>, scan: Record<QueryClass, number[]>): string {
  const same = (a: number[], b: number[]) => (b.length === 0 ? '–' : `${a.filter((total, i) => total === b[i]).length}/${a.length}`);
  const parts = QUERY_CLASSES.map((name) => `${name} scan ${same(ours[name], scan[name])}, Orama ${same(ours[name], orama[name])}`);
  return `match totals equal to ours on the first ${CHECKED_QUERIES} queries: ${parts.join('; ')} (text classes differ by design: Orama scores typos and prefixes its own way)`;
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await directoryBytes(path) : (await stat(path)).size;
  }
  return total;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
