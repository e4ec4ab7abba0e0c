import { loadConfig } from '@pds/config';
import { createRuntime } from '@pds/runtime';
import { formatHarvestSummary } from './harvest-summary';

const USAGE = 'usage: npm run harvest -- <fhir-base-url or ndjson-directory> [...]';

/** One-shot harvest of the given sources into DATA_DIR (or the configured Redis/Meilisearch). */
async function main(argv: string[]): Promise<number> {
  const sources = argv.filter((arg) => !arg.startsWith('-'));
  if (sources.length === 0 || argv.includes('--help')) {
    process.stderr.write(`${USAGE}\n`);
    return sources.length === 0 ? 2 : 0;
  }
  const runtime = await createRuntime(loadConfig(), 'cli');
  try {
    const report = await runtime.runner.run(sources);
    process.stdout.write(formatHarvestSummary(report));
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
