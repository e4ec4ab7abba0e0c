import { formatGenerationSummary, GENERATE_USAGE, generateDirectory, parseGenerateArgs } from '@pds/generator';

/** Writes a synthetic Plan-Net directory (`npm run generate -- --providers N --out DIR`). */
async function main(argv: string[]): Promise<number> {
  const args = parseGenerateArgs(argv);
  if ('help' in args) {
    process.stdout.write(`${GENERATE_USAGE}\n`);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`generate: ${args.error}\n${GENERATE_USAGE}\n`);
    return 2;
  }
  const report = await generateDirectory(args.options);
  process.stdout.write(formatGenerationSummary(report, args.options.out));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`generate failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
