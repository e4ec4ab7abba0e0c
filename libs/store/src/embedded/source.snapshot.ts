import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PLAN_NET_TYPES, type PlanNetType } from '@pds/fhir';
import { isMissing } from './fs.util';
import { ALIASES_FILE, GENERATION_FILE, typeFile } from './source-dir.layout';

/**
 * One committed generation of a source, in memory. Resources are kept as their JSON text: every
 * read hands out a fresh object (as the Redis adapter does), and a string is smaller than the tree.
 */
export interface SourceSnapshot {
  generation: number;
  resources: Map<PlanNetType, Map<string, string>>;
  aliases: Map<string, string>;
}

/** The generation counter of a committed source directory; null when there is none. */
export async function readGeneration(dir: string): Promise<number | null> {
  try {
    return Number(await readFile(join(dir, GENERATION_FILE), 'utf8'));
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Reads every file of a source directory; the caller checks the generation did not change meanwhile. */
export async function readSnapshot(dir: string, generation: number): Promise<SourceSnapshot> {
  const resources = new Map<PlanNetType, Map<string, string>>();
  for (const type of PLAN_NET_TYPES) {
    const byId = new Map<string, string>();
    for await (const line of readLines(join(dir, typeFile(type)))) {
      byId.set((JSON.parse(line) as { id: string }).id, line);
    }
    if (byId.size > 0) resources.set(type, byId);
  }
  const aliases = new Map<string, string>();
  for await (const line of readLines(join(dir, ALIASES_FILE))) {
    const [url, reference] = JSON.parse(line) as [string, string];
    aliases.set(url, reference);
  }
  return { generation, resources, aliases };
}

/** Non-empty lines of a file, none when it does not exist (a type absent from the pass has no file). */
async function* readLines(path: string): AsyncGenerator<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  try {
    for await (const line of handle.readLines()) if (line !== '') yield line;
  } finally {
    await handle.close();
  }
}
