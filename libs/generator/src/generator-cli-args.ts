import { parseCliFlags } from '@pds/config';
import { PLAN_NET_TYPES } from '@pds/fhir';
import type { GenerateOptions, GenerationReport } from './directory-generator';

export const GENERATE_USAGE = `usage: npm run generate -- --providers N --out DIR [--seed S]
  --providers N  provider-locations to write (PractitionerRole x Location pairs), an integer >= 1
  --out DIR      directory for <Type>.ndjson (FHIR bulk-data layout); created if missing
  --seed S       integer 0..4294967295 (default 1); the same seed writes the same bytes`;

/** Either options to generate with, or why the arguments were refused (or that help was asked). */
export type GenerateArgs = { options: GenerateOptions } | { help: true } | { error: string };

/** Parses the CLI's arguments strictly: unknown flags, missing or malformed values are errors. */
export function parseGenerateArgs(argv: readonly string[]): GenerateArgs {
  const flags = parseCliFlags(argv, ['providers', 'out', 'seed']);
  if (!('values' in flags)) return flags;
  const { values } = flags;
  if (values.providers === undefined) return { error: '--providers is required' };
  if (values.out === undefined || values.out === '') return { error: '--out is required' };
  const providers = integer(values.providers);
  if (providers === null || providers < 1) return { error: `--providers must be an integer >= 1, got "${values.providers}"` };
  const seed = values.seed === undefined ? 1 : integer(values.seed);
  if (seed === null || seed > 0xffffffff) return { error: `--seed must be an integer 0..4294967295, got "${values.seed}"` };
  return { options: { providers, seed, out: values.out } };
}

/** Digits only (an optional `_` or `,` grouping is allowed: 1_000_000), else null. */
function integer(text: string): number | null {
  const digits = text.replace(/[_,]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}

/** The CLI's summary: resources per type, defects planted, size and time. */
export function formatGenerationSummary(report: GenerationReport, out: string): string {
  const lines = [`wrote ${out} (seed ${report.seed}, ${report.providerLocations} provider-locations)`];
  for (const type of PLAN_NET_TYPES) lines.push(`  ${type.padEnd(24)} ${String(report.resources[type]).padStart(9)}`);
  const defects = Object.entries(report.defects)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name} ${count}`);
  lines.push(`defects: ${defects.join(', ') || 'none'}`);
  lines.push(`${(report.bytes / 1e6).toFixed(1)} MB in ${report.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}
