import { open, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PLAN_NET_TYPES, type PlanNetType } from '@pds/fhir';
import { parseRef } from '../stored.resource';
import { isMissing } from './fs.util';
import { decodeResourceLine } from './resource-line.codec';
import { ALIASES_FILE, GENERATION_FILE, deltaFile, parseDeltaFile, typeFile } from './source-dir.layout';

/** A stored resource as JSON text (every read hands out a fresh object) and its content hash. */
export interface SnapshotEntry {
  /** Null for a resource stored before hashes were kept. */
  hash: string | null;
  json: string;
}

/** One generation of a source, in memory. */
export interface SourceSnapshot {
  generation: number;
  resources: Map<PlanNetType, Map<string, SnapshotEntry>>;
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

/**
 * Reads every file of a source directory: the full pass, then the incremental deltas in order.
 * Files vanishing midway read as empty; the caller checks the generation did not change meanwhile.
 */
export async function readSnapshot(dir: string, generation: number): Promise<SourceSnapshot> {
  const snapshot: SourceSnapshot = { generation, resources: new Map(), aliases: new Map() };
  const deltas = (await listDir(dir))
    .map(parseDeltaFile)
    .filter((n): n is number => n !== null)
    .sort((a, b) => a - b);
  for (const file of [...PLAN_NET_TYPES.map(typeFile), ...deltas.map(deltaFile)]) {
    const lines: string[] = [];
    for await (const line of readLines(join(dir, file))) lines.push(line);
    applyLines(snapshot, lines);
  }
  for await (const line of readLines(join(dir, ALIASES_FILE))) {
    const [url, reference] = JSON.parse(line) as [string, string];
    snapshot.aliases.set(url, reference);
  }
  return snapshot;
}

/** Applies resource lines in order, later ones winning: a resource put twice, then updated or deleted by a delta. */
export function applyLines(snapshot: SourceSnapshot, lines: string[]): void {
  for (const line of lines) {
    const { ref, hash, json } = decodeResourceLine(line);
    const { type, id } = parseRef(ref);
    const byId = snapshot.resources.get(type) ?? new Map<string, SnapshotEntry>();
    if (json === '') byId.delete(id);
    else byId.set(id, { hash, json });
    // Types without resources are absent, as `counts` reports them.
    if (byId.size === 0) snapshot.resources.delete(type);
    else snapshot.resources.set(type, byId);
  }
}

/** The content hash of every resource of a snapshot by `Type/id`, what a full pass is compared with. */
export function snapshotHashes(snapshot: SourceSnapshot | null): Map<string, string | null> {
  const hashes = new Map<string, string | null>();
  for (const [type, byId] of snapshot?.resources ?? []) {
    for (const [id, { hash }] of byId) hashes.set(`${type}/${id}`, hash);
  }
  return hashes;
}

/** Non-empty lines of a file, none when it does not exist (a type absent from the pass has no file). */
export async function* readLines(path: string): AsyncGenerator<string> {
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

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}
