import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PLAN_NET_TYPES, type PlanNetType } from '@pds/fhir';
import { parseRef } from '../stored-resource';
import { isMissing, openIfExists } from './fs-util';
import { decodeResourceLine } from './resource-line-codec';
import { ResourceTable } from './resource-table';
import { TypeFile } from './type-file';
import { ALIASES_FILE, GENERATION_FILE, deltaFile, parseDeltaFile, typeFile } from './source-dir-layout';

/** The one buffer the type files are read through while their lines are located (not kept). */
const READ_BUFFER_BYTES = 16 << 20;

/** One generation of a source: where its type files' lines are, the rest in memory. */
export interface SourceSnapshot {
  generation: number;
  /** Every type, empty ones included; each holds its type file open (see `closeSnapshot`). */
  resources: Map<PlanNetType, ResourceTable>;
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
 * `bufferBytes`: how much of a type file is read at a time (the spec makes lines span reads).
 */
export async function readSnapshot(dir: string, generation: number, bufferBytes = READ_BUFFER_BYTES): Promise<SourceSnapshot> {
  const snapshot: SourceSnapshot = { generation, resources: new Map(PLAN_NET_TYPES.map((type) => [type, new ResourceTable()])), aliases: new Map() };
  try {
    await readFiles(snapshot, dir, bufferBytes);
    return snapshot;
  } catch (error) {
    closeSnapshot(snapshot);
    throw error;
  }
}

/**
 * Closes the type files of a snapshot nobody will read again (reads then throw). One merely
 * dropped closes them when garbage collected.
 */
export function closeSnapshot(snapshot: SourceSnapshot): void {
  for (const table of snapshot.resources.values()) table.close();
}

async function readFiles(snapshot: SourceSnapshot, dir: string, bufferBytes: number): Promise<void> {
  const deltas = (await listDir(dir))
    .map(parseDeltaFile)
    .filter((n): n is number => n !== null)
    .sort((a, b) => a - b);
  const buffer = Buffer.allocUnsafeSlow(bufferBytes);
  for (const type of PLAN_NET_TYPES) await readTypeFile(snapshot, type, join(dir, typeFile(type)), buffer);
  for (const file of deltas.map(deltaFile)) {
    const lines: string[] = [];
    for await (const line of readLines(join(dir, file))) lines.push(line);
    applyLines(snapshot, lines);
  }
  for await (const line of readLines(join(dir, ALIASES_FILE))) {
    const [url, reference] = JSON.parse(line) as [string, string];
    snapshot.aliases.set(url, reference);
  }
}

/** Applies resource lines in order, later ones winning: a resource put twice, then updated or deleted by a delta. */
export function applyLines(snapshot: SourceSnapshot, lines: string[]): void {
  for (const line of lines) {
    const { ref, hash, json } = decodeResourceLine(line);
    const { type, id } = parseRef(ref);
    const byId = snapshot.resources.get(type)!;
    if (json === '') byId.delete(id);
    else byId.set(id, { hash, json });
  }
}

/**
 * Locates the lines of a type file (none when it does not exist) for the type's table, which
 * keeps the file open to read them. Lines the table does not take from the file (bare resources
 * of old stores, other types) are applied as text.
 */
async function readTypeFile(snapshot: SourceSnapshot, type: PlanNetType, path: string, buffer: Buffer): Promise<void> {
  const file = await TypeFile.open(path);
  if (!file) return;
  const table = snapshot.resources.get(type)!;
  table.useFile(file);
  const decodeId = (refJson: string) => {
    const ref = parseRef(JSON.parse(refJson) as string);
    return ref.type === type ? ref.id : null;
  };
  const other = (line: string) => applyLines(snapshot, [line]);
  await file.scan(buffer, (start, firstTab, secondTab, end, text) => table.addLine(start, firstTab, secondTab, end, text, decodeId, other));
}

/** The content hash of every resource of a snapshot by `Type/id`, what a full pass is compared with. */
export function snapshotHashes(snapshot: SourceSnapshot | null): Map<string, string | null> {
  const hashes = new Map<string, string | null>();
  for (const [type, byId] of snapshot?.resources ?? []) {
    for (const [id, hash] of byId.hashes()) hashes.set(`${type}/${id}`, hash);
  }
  return hashes;
}

/** Non-empty lines of a file, none when it does not exist (a type absent from the pass has no file). */
export async function* readLines(path: string): AsyncGenerator<string> {
  const handle = await openIfExists(path, 'r');
  if (!handle) return;
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
