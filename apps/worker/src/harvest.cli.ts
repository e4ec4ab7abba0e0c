import { loadConfig } from '@pds/config';
import { createRuntime } from '@pds/runtime';
import { formatHarvestSummary } from './harvest-summary';

const USAGE = [
  'usage: npm run harvest -- [--full | --incremental] [--json] <fhir-base-url or ndjson-directory> [...]',
  '  default: incremental when the source allows it and its last complete full pass is recent, else full',
  '  --json: print the run report (run records, index updates) as JSON instead of the summary',
  '  a run cut off (killed, crashed) resumes from its last page when the same source is harvested again',
].join('\n');
const MODES = { '--full': 'full', '--incremental': 'incremental' } as const;

/** One-shot harvest of the given sources into DATA_DIR (or the configured Redis/Meilisearch). */
async function main(argv: string[]): Promise<number> {
  const sources = argv.filter((arg) => !arg.startsWith('-'));
  const flags = argv.filter((arg) => arg.startsWith('-'));
  const unknown = flags.find((flag) => flag !== '--help' && flag !== '--json' && !(flag in MODES));
  if (sources.length === 0 || unknown || flags.includes('--help')) {
    if (unknown) process.stderr.write(`unknown option ${unknown}\n`);
    process.stderr.write(`${USAGE}\n`);
    return flags.includes('--help') && !unknown ? 0 : 2;
  }
  const modes = flags.filter((flag): flag is keyof typeof MODES => flag in MODES).map((flag) => MODES[flag]);
  if (new Set(modes).size > 1) {
    process.stderr.write(`--full and --incremental exclude each other\n${USAGE}\n`);
    return 2;
  }
  const runtime = await createRuntime(loadConfig(), 'cli');
  try {
    const report = await runtime.runner.runAdHoc(sources, modes[0] ?? null);
    process.stdout.write(flags.includes('--json') ? `${JSON.stringify(report)}\n` : formatHarvestSummary(report));
    return report.runs.every((run) => run.status === 'succeeded') ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`harvest failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
