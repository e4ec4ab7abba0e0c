import { parseArgs } from 'node:util';

/** The flags given, as strings; `help` when asked for; or why the arguments were refused. */
export type CliFlags<Name extends string> = { values: Partial<Record<Name, string>> } | { help: true } | { error: string };

/**
 * Parses `--name value` flags strictly, as every CLI here wants: an unknown flag, a positional
 * argument or a flag without its value is an error naming it, never a default.
 */
export function parseCliFlags<Name extends string>(argv: readonly string[], names: readonly Name[]): CliFlags<Name> {
  const options = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { help: true };
    return { values: values as Partial<Record<Name, string>> };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
