import { parseCliFlags } from '@pds/config';

export const HARVEST_BENCH_USAGE = `usage: npm run bench:harvest -- [--sizes shared,100000] [--seed 1] [--change-percent 1] [--page-size 1000] [--rps 100] [--json FILE]
  --sizes D,D         datasets: "shared" (../shared/data/plan-net-ri) or a number of provider-locations
                      to generate (cached under .bench/<size>-<seed>/); default shared,100000
  --seed S            generator seed, also draws the changed resources (default 1)
  --change-percent P  share of the served resources changed upstream between the runs (default 1)
  --page-size N       HARVEST_PAGE_SIZE of both runs (default 1000, the test server's largest)
  --rps N             HARVEST_REQUESTS_PER_SECOND of both runs (default 100, the most the config accepts)
  --json FILE         also write the figures as JSON`;

export type HarvestDataset = 'shared' | number;

export interface HarvestBenchOptions {
  datasets: HarvestDataset[];
  seed: number;
  changePercent: number;
  pageSize: number;
  requestsPerSecond: number;
  json: string | null;
}

export type HarvestBenchArgs = { options: HarvestBenchOptions } | { help: true } | { error: string };

/** Parses the CLI strictly: unknown flags and malformed values are errors, not defaults. */
export function parseHarvestBenchArgs(argv: readonly string[]): HarvestBenchArgs {
  const flags = parseCliFlags(argv, ['sizes', 'seed', 'change-percent', 'page-size', 'rps', 'json']);
  if (!('values' in flags)) return flags;
  const { values } = flags;
  const datasets = String(values.sizes ?? 'shared,100000')
    .split(',')
    .map((part) => part.trim())
    .map((part): HarvestDataset | null => (part === 'shared' ? 'shared' : /^\d+$/.test(part) && Number(part) >= 100 ? Number(part) : null));
  if (datasets.some((dataset) => dataset === null)) {
    return { error: `--sizes must be "shared" or integers >= 100, separated by commas, got "${String(values.sizes)}"` };
  }
  const number = (name: 'seed' | 'change-percent' | 'page-size' | 'rps', fallback: number, valid: (value: number) => boolean, accepted: string): number | string => {
    const text = values[name];
    const value = text === undefined ? fallback : Number(text);
    return Number.isFinite(value) && valid(value) ? value : `--${name} must be ${accepted}, got "${String(text)}"`;
  };
  const seed = number('seed', 1, Number.isSafeInteger, 'an integer');
  const changePercent = number('change-percent', 1, (value) => value > 0 && value <= 100, 'a number above 0 and at most 100');
  const pageSize = number('page-size', 1000, (value) => Number.isInteger(value) && value >= 1 && value <= 1000, 'an integer from 1 to 1000');
  const requestsPerSecond = number('rps', 100, (value) => value > 0 && value <= 100, 'a number above 0 and at most 100');
  const error = [seed, changePercent, pageSize, requestsPerSecond].find((value) => typeof value === 'string');
  if (error !== undefined) return { error: error as string };
  return {
    options: {
      datasets: datasets as HarvestDataset[],
      seed: seed as number,
      changePercent: changePercent as number,
      pageSize: pageSize as number,
      requestsPerSecond: requestsPerSecond as number,
      json: typeof values.json === 'string' && values.json !== '' ? values.json : null,
    },
  };
}
