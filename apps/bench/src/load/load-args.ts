import { parseCliFlags } from '@pds/config';

export const LOAD_USAGE = `usage: npm run loadtest -- [--size 100000] [--seed 1] [--during idle|reindex] [--seconds 30] [--soak N] [--json FILE]
  --size N        provider-locations of the generated directory (default 100000; cached under .bench/<size>-<seed>/)
  --seed S        generator seed, also draws the query mix (default 1)
  --during W      idle (default): the API only serves; reindex: a full reindex and an incremental
                  harvest of the generated directory (served by the test FHIR server) run while it serves
  --seconds N     duration of the mixed load (default 30; the { __typename } floor runs min(N, 10) s)
  --soak N        instead of --seconds, send N requests (e.g. 500000) and compare the API's RSS at the end
                  with its RSS after the first tenth
  --json FILE     also write the figures as JSON`;

export type LoadPhase = 'idle' | 'reindex';

export interface LoadOptions {
  size: number;
  seed: number;
  during: LoadPhase;
  seconds: number;
  /** Requests of a soak run; null: a timed run. */
  soak: number | null;
  json: string | null;
}

export type LoadArgs = { options: LoadOptions } | { help: true } | { error: string };

/** Parses the CLI strictly: unknown flags and malformed values are errors that say what is accepted. */
export function parseLoadArgs(argv: readonly string[]): LoadArgs {
  const flags = parseCliFlags(argv, ['size', 'seed', 'during', 'seconds', 'soak', 'json']);
  if (!('values' in flags)) return flags;
  const { values } = flags;
  const integer = (name: 'size' | 'seed' | 'seconds' | 'soak', fallback: number | null, least: number): number | null | string => {
    const text = values[name];
    if (text === undefined) return fallback;
    return /^\d+$/.test(text) && Number(text) >= least ? Number(text) : `--${name} must be an integer >= ${least}, got "${text}"`;
  };
  const size = integer('size', 100_000, 100);
  const seed = integer('seed', 1, 0);
  const seconds = integer('seconds', 30, 1);
  const soak = integer('soak', null, 1000);
  const error = [size, seed, seconds, soak].find((value) => typeof value === 'string');
  if (error !== undefined) return { error: error as string };
  const during = values.during ?? 'idle';
  if (during !== 'idle' && during !== 'reindex') return { error: `--during must be idle or reindex, got "${during}"` };
  if (values.soak !== undefined && values.seconds !== undefined) return { error: '--soak and --seconds exclude each other: a soak runs for a number of requests' };
  return {
    options: {
      size: size as number,
      seed: seed as number,
      during,
      seconds: seconds as number,
      soak: soak as number | null,
      json: typeof values.json === 'string' && values.json !== '' ? values.json : null,
    },
  };
}
