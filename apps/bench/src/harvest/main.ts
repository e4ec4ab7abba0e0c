import { writeFile } from 'node:fs/promises';
import { HARVEST_BENCH_USAGE, parseHarvestBenchArgs } from './harvest-bench-args';
import { formatHarvestTable, type HarvestDatasetFigures } from './harvest-bench-report';
import { benchHarvestDataset } from './harvest-scenario';

/** `npm run bench:harvest`: what a full and an incremental harvest cost, per dataset. */
async function main(argv: string[]): Promise<number> {
  const args = parseHarvestBenchArgs(argv);
  if ('help' in args) {
    process.stdout.write(`${HARVEST_BENCH_USAGE}\n`);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`bench:harvest: ${args.error}\n${HARVEST_BENCH_USAGE}\n`);
    return 2;
  }
  const results: HarvestDatasetFigures[] = [];
  for (const dataset of args.options.datasets) {
    const log = (line: string) => process.stderr.write(`[bench:harvest ${dataset}] ${line}\n`);
    results.push(await benchHarvestDataset(dataset, args.options, log));
  }
  process.stdout.write(`\n${formatHarvestTable(results)}\n`);
  if (args.options.json) {
    await writeFile(args.options.json, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`wrote ${args.options.json}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:harvest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
