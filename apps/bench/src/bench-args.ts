import { parseCliFlags } from '@pds/config';

export const BENCH_USAGE = `usage: npm run bench -- [--sizes 100000,1000000] [--seed 1] [--json FILE] [--queries 300]
  --sizes N,N    provider-locations per run (default 100000,1000000); 20000 makes a quick run
  --seed S       generator seed (default 1); directories are cached under .bench/<size>-<seed>/
  --json FILE    also write the figures as JSON ({ "<size>": { buildSeconds, rssMB, ... } })
  --queries N    queries per class drawn from the data (default 300)
  --http-seconds N  duration of each HTTP load run (default 10)
  --http-at N,N  sizes whose index is also served over HTTP (default 100000)
  --orama-max N  largest size raw Orama is built for (default 300000; above it the peer is skipped)`;

export interface BenchOptions {
  sizes: number[];
  seed: number;
  json: string | null;
  queries: number;
  httpSeconds: number;
  /** Sizes whose index is also served over GraphQL/HTTP and loaded. */
  httpAt: number[];
  oramaMax: number;
}

export type BenchArgs = { options: BenchOptions } | { help: true } | { error: string };

/** Parses the CLI strictly: unknown flags and malformed numbers are errors, not defaults. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const flags = parseCliFlags(argv, ['sizes', 'seed', 'json', 'queries', 'http-seconds', 'http-at', 'orama-max']);
  if (!('values' in flags)) return flags;
  const { values } = flags;
  const sizes = integerList(values.sizes, '100000,1000000');
  if (sizes === null) return { error: `--sizes must be integers >= 100 separated by commas, got "${String(values.sizes)}"` };
  const httpAt = integerList(values['http-at'], '100000');
  if (httpAt === null) return { error: `--http-at must be integers >= 100 separated by commas, got "${String(values['http-at'])}"` };
  const numbers: Record<string, number | null> = {
    seed: values.seed === undefined ? 1 : integer(String(values.seed)),
    queries: values.queries === undefined ? 300 : integer(String(values.queries)),
    'http-seconds': values['http-seconds'] === undefined ? 10 : integer(String(values['http-seconds'])),
    'orama-max': values['orama-max'] === undefined ? 300_000 : integer(String(values['orama-max'])),
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (value === null || (name !== 'seed' && name !== 'orama-max' && value < 1)) return { error: `--${name} must be a positive integer` };
  }
  return {
    options: {
      sizes,
      httpAt,
      seed: numbers.seed!,
      json: typeof values.json === 'string' && values.json !== '' ? values.json : null,
      queries: numbers.queries!,
      httpSeconds: numbers['http-seconds']!,
      oramaMax: numbers['orama-max']!,
    },
  };
}

function integerList(value: string | boolean | undefined, fallback: string): number[] | null {
  const list = String(value ?? fallback)
    .split(',')
    .map((part) => integer(part.trim()));
  return list.length > 0 && list.every((n) => n !== null && n >= 100) ? (list as number[]) : null;
}

/** Digits, optionally grouped with `_` (1_000_000), else null. */
function integer(text: string): number | null {
  const digits = text.replace(/_/g, '');
  if (!/^\d+$/.test(digits)) return null;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}
