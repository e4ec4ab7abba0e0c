import { readFile } from 'node:fs/promises';
import type { SourceSettings } from './source-settings';
import { InvalidSourceSettingsError, parseSourceSettings } from './source-settings-validation';

/**
 * Reads the SOURCES_FILE: a JSON array of source settings. Validates every entry before any is
 * used, and throws InvalidSourceSettingsError listing every problem of every entry (by position).
 */
export async function readSourcesFile(file: string): Promise<SourceSettings[]> {
  let entries: unknown;
  try {
    entries = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InvalidSourceSettingsError([`${file}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  if (!Array.isArray(entries)) {
    throw new InvalidSourceSettingsError([`${file}: expected a JSON array of source settings objects`]);
  }
  const problems: string[] = [];
  const sources: SourceSettings[] = [];
  entries.forEach((entry: unknown, index) => {
    try {
      sources.push(parseSourceSettings(entry));
    } catch (error) {
      if (!(error instanceof InvalidSourceSettingsError)) throw error;
      problems.push(...error.problems.map((problem) => `${file} [${index}]: ${problem}`));
    }
  });
  const seen = new Set<string>();
  for (const { id } of sources) {
    if (seen.has(id)) problems.push(`${file}: id "${id}" is listed more than once; ids must be unique`);
    seen.add(id);
  }
  if (problems.length > 0) throw new InvalidSourceSettingsError(problems);
  return sources;
}
