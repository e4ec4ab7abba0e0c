import { QUERY_CLASSES, QUERY_LEGEND, type QueryClass } from './bench-query';
import type { LatencySummary } from './percentiles';
import { ms } from './percentiles';
import { Q6_LEGEND } from './suggest-queries';

export interface HttpLine {
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export interface QueryFigures {
  embedded: LatencySummary;
  /** Null when the peer was skipped at this size. */
  oramaP50: number | null;
  /** Ours in the bench process, in the same interleaved rounds as the peer (median of the rounds' p50s). */
  oursP50InRounds: number | null;
  scanP50: number | null;
}

/** Everything measured for one size. */
export interface SizeFigures {
  size: number;
  documents: number;
  /** Documents per kind (PRACTITIONER, FACILITY, PHARMACY). */
  byKind: Record<string, number>;
  buildSeconds: number;
  /** The build process's peak; null where /proc cannot say. */
  buildRssMB: number | null;
  rssMB: number;
  diskMB: number;
  restartSeconds: number;
  queries: Record<QueryClass, QueryFigures>;
  /** Q6, the suggester. */
  suggest: LatencySummary;
  http: { Q1: HttpLine; Q3: HttpLine; Q6: HttpLine; floor: HttpLine } | null;
  notes: string[];
}

/** The JSON shape: { "<size>": { buildSeconds, buildRssMB, rssMB, diskMB, restartSeconds, queries, http } }. */
export function toBenchJson(results: readonly SizeFigures[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of results) {
    out[String(r.size)] = {
      documents: r.documents,
      byKind: r.byKind,
      buildSeconds: round(r.buildSeconds, 2),
      buildRssMB: r.buildRssMB === null ? null : round(r.buildRssMB, 1),
      rssMB: round(r.rssMB, 1),
      diskMB: round(r.diskMB, 1),
      restartSeconds: round(r.restartSeconds, 3),
      queries: Object.fromEntries(
        QUERY_CLASSES.map((name) => {
          const q = r.queries[name];
          return [
            name,
            {
              p50Ms: ms(q.embedded.p50),
              p95Ms: ms(q.embedded.p95),
              p99Ms: ms(q.embedded.p99),
              oramaP50Ms: q.oramaP50 === null ? null : ms(q.oramaP50),
              oursP50InOramaRoundsMs: q.oursP50InRounds === null ? null : ms(q.oursP50InRounds),
              scanP50Ms: q.scanP50 === null ? null : ms(q.scanP50),
            },
          ];
        }),
      ),
      suggest: { p50Ms: ms(r.suggest.p50), p95Ms: ms(r.suggest.p95), p99Ms: ms(r.suggest.p99) },
      http: r.http
        ? Object.fromEntries(
            (['Q1', 'Q3', 'Q6', 'floor'] as const).map((name) => {
              const line = r.http![name];
              return [name, { rps: round(line.rps, 1), p50Ms: round(line.p50Ms, 2), p99Ms: round(line.p99Ms, 2) }];
            }),
          )
        : null,
    };
  }
  return out;
}

/** Issue 3's numbers: the 100k ones apply below 1M, the 1M ones from 1M. */
interface Targets {
  label: string;
  buildSeconds?: number;
  rssMB?: number;
  restartSeconds?: number;
  p50?: Partial<Record<QueryClass, number>>;
  p99OverP50?: number;
  oramaOverQ1?: number;
  httpQ1Rps?: number;
  httpQ1P99?: number;
  /** Q1's req/s as a percentage of the `{ __typename }` floor's, in the same run (issue 11). */
  httpQ1OfFloor?: number;
  suggestP50?: number;
  suggestP99?: number;
}

const TARGETS_100K: Targets = {
  label: '100k',
  buildSeconds: 20,
  rssMB: 700,
  restartSeconds: 3,
  p50: { Q1: 2, Q2: 5, Q3: 10, Q4: 5, Q5: 2, Q7: 2 },
  p99OverP50: 5,
  oramaOverQ1: 10,
  httpQ1Rps: 1000,
  httpQ1P99: 50,
  httpQ1OfFloor: 50,
  suggestP50: 1,
  suggestP99: 5,
};
const TARGETS_1M: Targets = { label: '1M', buildSeconds: 240, rssMB: 5120, p50: { Q1: 10, Q3: 40 } };

export function targetsFor(size: number): Targets {
  return size >= 1_000_000 ? TARGETS_1M : TARGETS_100K;
}

/** One table: a row per figure, a column per size; a missed issue-3 target is marked "✗", a met one "✓". */
export function formatTable(results: readonly SizeFigures[]): string {
  const rows: string[][] = [];
  const row = (label: string, cell: (r: SizeFigures, t: Targets) => string) => rows.push([label, ...results.map((r) => cell(r, targetsFor(r.size)))]);
  const mark = (value: number, limit: number | undefined, atMost = true) =>
    limit === undefined || !Number.isFinite(value) ? '' : (atMost ? value <= limit : value >= limit) ? ' ✓' : ` ✗ (${atMost ? '≤' : '≥'}${limit})`;

  row('documents', (r) => String(r.documents));
  row('… by kind', (r) => Object.entries(r.byKind).map(([kind, count]) => `${kind.toLowerCase()} ${count}`).join(', '));
  row('build s (denormalize + index)', (r, t) => `${r.buildSeconds.toFixed(1)}${mark(r.buildSeconds, t.buildSeconds)}`);
  row('build RSS MB (build process, peak)', (r, t) => (r.buildRssMB === null ? 'n/a' : `${r.buildRssMB.toFixed(0)}${mark(r.buildRssMB, t.rssMB)}`));
  row('RSS MB (serving process, peak)', (r, t) => `${r.rssMB.toFixed(0)}${mark(r.rssMB, t.rssMB)}`);
  row('disk MB (index dir)', (r) => r.diskMB.toFixed(1));
  row('restart s (spawn → 1st answer)', (r, t) => `${r.restartSeconds.toFixed(2)}${mark(r.restartSeconds, t.restartSeconds)}`);
  for (const name of QUERY_CLASSES) {
    row(`${name} p50 / p95 / p99 ms`, (r, t) => {
      const q = r.queries[name].embedded;
      const tail = t.p99OverP50 === undefined ? '' : q.p99 <= t.p99OverP50 * q.p50 ? '' : ` ✗ p99>${t.p99OverP50}×p50`;
      return `${fmt(q.p50)} / ${fmt(q.p95)} / ${fmt(q.p99)}${mark(q.p50, t.p50?.[name])}${tail}`;
    });
    row(`${name} Orama p50 ms`, (r, t) => {
      const q = r.queries[name];
      if (q.oramaP50 === null) return 'skipped';
      const ratio = q.oramaP50 / (q.oursP50InRounds ?? q.embedded.p50);
      return `${fmt(q.oramaP50)} (${ratio.toFixed(ratio < 10 ? 1 : 0)}× ours)${name === 'Q1' ? mark(ratio, t.oramaOverQ1, false) : ''}`;
    });
    row(`${name} scan p50 ms`, (r) => (r.queries[name].scanP50 === null ? 'skipped' : fmt(r.queries[name].scanP50!)));
  }
  row('Q6 suggest p50 / p95 / p99 ms', (r, t) => {
    const q = r.suggest;
    return `${fmt(q.p50)} / ${fmt(q.p95)} / ${fmt(q.p99)}${mark(q.p50, t.suggestP50)}${mark(q.p99, t.suggestP99)}`;
  });
  for (const name of ['Q1', 'Q3', 'Q6', 'floor'] as const) {
    const label = name === 'floor' ? 'HTTP { __typename } req/s · p50 · p99 ms' : `HTTP ${name} req/s · p50 · p99 ms`;
    row(label, (r, t) => {
      if (!r.http) return '—';
      const line = r.http[name];
      const marks = name === 'Q1' ? `${mark(line.rps, t.httpQ1Rps, false)}${mark(line.p99Ms, t.httpQ1P99)}` : '';
      return `${line.rps.toFixed(0)} · ${line.p50Ms} · ${line.p99Ms}${marks}`;
    });
  }
  row('HTTP Q1 req/s as % of the floor', (r, t) => {
    if (!r.http) return '—';
    const share = (100 * r.http.Q1.rps) / r.http.floor.rps;
    return `${share.toFixed(0)}%${mark(share, t.httpQ1OfFloor, false)}`;
  });
  const widths = rows[0].map((_, column) => Math.max(column === 0 ? 6 : 0, ...rows.map((cells) => [...cells[column]].length)));
  const header = ['', ...results.map((r) => `${r.size} (targets: ${targetsFor(r.size).label})`)];
  const headerWidths = widths.map((width, column) => Math.max(width, [...header[column]].length));
  const line = (cells: string[]) => cells.map((cell, column) => cell + ' '.repeat(headerWidths[column] - [...cell].length)).join(' │ ');
  const rule = headerWidths.map((width) => '─'.repeat(width)).join('─┼─');
  const legend = [...QUERY_CLASSES.map((name) => `  ${name}: ${QUERY_LEGEND[name]}`), `  Q6: ${Q6_LEGEND}`];
  const notes = results.flatMap((r) => r.notes.map((note) => `  [${r.size}] ${note}`));
  return [line(header), rule, ...rows.map(line), '', ...legend, ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
