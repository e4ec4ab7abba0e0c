import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Synonyms } from '../synonyms/synonyms';
import { type BuildFile, createBuildFile } from './build-file';
import { DocumentFile } from './document-file';
import { IndexGeneration } from './index-generation';
import { readParts, writeParts } from './snapshot-codec';

/** 3: documents in arrival order with per-document starts and lengths; 2 (still read): back to back in id order. */
const FORMAT = 3;
const READABLE_FORMATS = new Set([2, 3]);
const LOAD_ATTEMPTS = 3;

interface Manifest {
  format: number;
  documents: number;
  updatedAt: string | null;
}

/** A generation and the snapshot it came from (null: nothing committed yet). */
export interface LoadedSnapshot {
  name: string | null;
  generation: IndexGeneration;
}

/**
 * Snapshots of committed generations on disk:
 *
 * ```
 * <directory>/CURRENT                        name of the served snapshot, replaced by rename
 * <directory>/generations/<n>/manifest.json  format, document count, updatedAt
 * <directory>/generations/<n>/documents.ndjson one JSON line per document, as the build wrote them (read on demand)
 * <directory>/generations/<n>/index.bin      every index array, loaded without re-indexing
 * <directory>/building/<pid>.<token>.<n>.ndjson a build's documents as they arrive, renamed into its snapshot
 * ```
 *
 * A snapshot is complete before CURRENT names it, so a reader in another process sees the
 * old snapshot or the new one, never a partial one. One writer per directory is assumed.
 */
export class IndexSnapshotStore {
  private readonly currentPath: string;
  private readonly generationsPath: string;

  constructor(
    private readonly directory: string,
    private readonly synonyms: Synonyms,
  ) {
    this.currentPath = join(directory, 'CURRENT');
    this.generationsPath = join(directory, 'generations');
  }

  /** Path of the pointer file, for watching. */
  get pointerPath(): string {
    return this.currentPath;
  }

  async readCurrent(): Promise<string | null> {
    try {
      return (await readFile(this.currentPath, 'utf8')).trim() || null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /** Loads the snapshot CURRENT names, following it if a writer replaces it meanwhile. */
  async load(): Promise<LoadedSnapshot> {
    for (let attempt = 1; ; attempt++) {
      const name = await this.readCurrent();
      if (name === null) return { name, generation: IndexGeneration.empty(this.synonyms) };
      try {
        return { name, generation: await this.loadSnapshot(name) };
      } catch (error) {
        // The writer removed the old snapshot between our reading CURRENT and opening it.
        if (!isMissing(error) || attempt === LOAD_ATTEMPTS || (await this.readCurrent()) === name) throw error;
      }
    }
  }

  /** A file for a build's documents (see DocumentSpill), which the snapshot of its generation adopts. */
  createBuildFile(): Promise<BuildFile> {
    return createBuildFile(join(this.directory, 'building'));
  }

  /** Writes `generation` as a new snapshot, points CURRENT at it, drops older snapshots. */
  async write(generation: IndexGeneration): Promise<string> {
    const name = await this.allocate();
    const path = join(this.generationsPath, name);
    try {
      await writeParts(join(path, 'documents.ndjson'), join(path, 'index.bin'), generation.parts);
      const manifest: Manifest = {
        format: FORMAT,
        documents: generation.count,
        updatedAt: generation.updatedAt?.toISOString() ?? null,
      };
      await writeDurably(join(path, 'manifest.json'), JSON.stringify(manifest));
    } catch (error) {
      // A snapshot that could not be written whole (ENOSPC, say) is never served: give its space back,
      // or a full disk stays full and fails the next, smaller write too.
      await rm(path, { recursive: true, force: true });
      throw error;
    }
    const temporary = `${this.currentPath}.${process.pid}.${Date.now()}.tmp`;
    await writeDurably(temporary, `${name}\n`);
    await rename(temporary, this.currentPath);
    await this.removeOlderThan(Number(name));
    return name;
  }

  private async loadSnapshot(name: string): Promise<IndexGeneration> {
    const path = join(this.generationsPath, name);
    const manifest = JSON.parse(await readFile(join(path, 'manifest.json'), 'utf8')) as Manifest;
    if (!READABLE_FORMATS.has(manifest.format)) throw new Error(`Snapshot ${path} has format ${manifest.format}; expected one of ${[...READABLE_FORMATS].join(', ')}.`);
    const updatedAt = manifest.updatedAt ? new Date(manifest.updatedAt) : null;
    const parts = await readParts(join(path, 'documents.ndjson'), join(path, 'index.bin'), updatedAt);
    if (parts.ids.size !== manifest.documents) {
      if (parts.documents instanceof DocumentFile) parts.documents.close();
      throw new Error(`Snapshot ${path} holds ${parts.ids.size} documents; its manifest says ${manifest.documents}.`);
    }
    return new IndexGeneration(parts, this.synonyms);
  }

  /** Claims the next snapshot number; mkdir fails if another writer claimed it first. */
  private async allocate(): Promise<string> {
    await mkdir(this.generationsPath, { recursive: true });
    let next = Math.max(0, ...(await this.snapshotNumbers())) + 1;
    for (;;) {
      try {
        await mkdir(join(this.generationsPath, String(next)));
        return String(next);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        next++;
      }
    }
  }

  private async snapshotNumbers(): Promise<number[]> {
    const entries = await readdir(this.generationsPath).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    return entries.map(Number).filter(Number.isInteger);
  }

  /** Only older ones: a higher number may be another writer's snapshot in progress. */
  private async removeOlderThan(current: number): Promise<void> {
    const stale = (await this.snapshotNumbers()).filter((n) => n < current);
    await Promise.all(stale.map((n) => rm(join(this.generationsPath, String(n)), { recursive: true, force: true })));
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** Written and flushed to disk before CURRENT can name the snapshot holding it. */
async function writeDurably(path: string, content: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(content, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}
