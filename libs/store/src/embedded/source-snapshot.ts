import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PLAN_NET_TYPES, type PlanNetType } from '@pds/fhir';
import { parseRef } from '../stored-resource';
import { isMissing, openIfExists } from './fs-util';
import { decodeResourceLine } from './resource-line-codec';
import { ResourceTable } from './resource-table';
import { ALIASES_FILE, GENERATION_FILE, deltaFile, parseDeltaFile, typeFile } from './source-dir-layout';

/**
 * Bytes read at a time from a type file (a chunk holds whole lines: more for a longer line). Large:
 * V8 starts a full collection whenever external memory grows by 64 MB, so 64 MB chunks cost ~45
 * of them to load a million-resource source; a chunk is no bigger than what is left of its file.
 */
const CHUNK_BYTES = 1 << 30;
/** Asked for beyond the size the file had when opened: its end is where a read returns nothing. */
const END_PROBE_BYTES = 1 << 16;
const NEWLINE = 10;

/** One generation of a source, in memory. */
export interface SourceSnapshot {
  generation: number;
  /** Every type, empty ones included. */
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
 * `chunkBytes`: how much of a type file is read at a time (the spec makes lines span chunks).
 */
export async function readSnapshot(dir: string, generation: number, chunkBytes = CHUNK_BYTES): Promise<SourceSnapshot> {
  const snapshot: SourceSnapshot = { generation, resources: new Map(PLAN_NET_TYPES.map((type) => [type, new ResourceTable()])), aliases: new Map() };
  const deltas = (await listDir(dir))
    .map(parseDeltaFile)
    .filter((n): n is number => n !== null)
    .sort((a, b) => a - b);
  for (const type of PLAN_NET_TYPES) await readTypeFile(snapshot, type, join(dir, typeFile(type)), chunkBytes);
  for (const file of deltas.map(deltaFile)) {
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
    const byId = snapshot.resources.get(type)!;
    if (json === '') byId.delete(id);
    else byId.set(id, { hash, json });
  }
}

/**
 * Loads a type file (none when it does not exist) into the type's table as chunks of bytes.
 * Lines the table does not take as bytes (bare resources of old stores) are applied as text.
 */
async function readTypeFile(snapshot: SourceSnapshot, type: PlanNetType, path: string, chunkBytes: number): Promise<void> {
  const handle = await openIfExists(path, 'r');
  if (!handle) return;
  const table = snapshot.resources.get(type)!;
  const decodeId = (refJson: string) => {
    const ref = parseRef(JSON.parse(refJson) as string);
    return ref.type === type ? ref.id : null;
  };
  const other = (line: string) => applyLines(snapshot, [line]);
  try {
    let unread = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.allocUnsafeSlow(carry.length + Math.min(chunkBytes, Math.max(unread, END_PROBE_BYTES)));
      carry.copy(chunk);
      let filled = carry.length;
      let atEnd = false;
      while (filled < chunk.length && !atEnd) {
        const { bytesRead } = await handle.read(chunk, filled, chunk.length - filled, null);
        filled += bytesRead;
        unread -= bytesRead;
        atEnd = bytesRead === 0;
      }
      // The last line may lack its newline; elsewhere a chunk ends after its last whole line.
      const end = atEnd ? filled : chunk.lastIndexOf(NEWLINE, filled - 1) + 1;
      if (end > 0) table.addLines(chunk, end, decodeId, other);
      if (atEnd) return;
      carry = chunk.subarray(end, filled);
    }
  } finally {
    await handle.close();
  }
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
