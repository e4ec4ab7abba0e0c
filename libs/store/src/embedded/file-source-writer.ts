import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newPassId } from '../pass-id';
import { FileChangeJournal } from './file-change-journal';
import { exists, writeFileAtomic } from './fs-util';
import { withPidFileLock } from './pid-file-lock';
import { GENERATION_FILE, JOURNAL_DUE_FILE, SourceDirLayout, deltaFile, parseDeltaFile } from './source-dir-layout';
import { applyLines, readGeneration, readLines, readSnapshot, type SourceSnapshot } from './source-snapshot';

/** The store's in-memory copy of the source, shared with the writer so writes need not reload it. */
export interface SnapshotCache {
  /** The loaded snapshot of `generation`, if that is the one in memory. */
  get(generation: number): Promise<SourceSnapshot | null> | undefined;
  set(snapshot: SourceSnapshot): void;
}

/**
 * Every write to one source's live directory, each under the source's lock file: swapping in a
 * full pass, adding an incremental delta, and putting right what a crash left half done.
 *
 * The journal is appended after the data changed, so a consumer never reads a ref before its new
 * content. The refs are first written to a due file beside the data and dropped once journaled:
 * a crash in between is replayed by recovery, and a ref journaled twice only means "look again".
 */
export class FileSourceWriter {
  readonly journal: FileChangeJournal;
  private readonly main: string;

  constructor(
    private readonly layout: SourceDirLayout,
    private readonly encoded: string,
    private readonly cache: SnapshotCache,
  ) {
    this.journal = new FileChangeJournal(layout.journal(encoded));
    this.main = layout.main(encoded);
  }

  /** Runs `work` holding the source's lock, after recovering from any crashed write. */
  withLock<T>(work: () => Promise<T>): Promise<T> {
    return withPidFileLock(this.layout.lock(this.encoded), async () => {
      await this.recoverLocked();
      return work();
    });
  }

  /** The live resources; stable, as the caller holds the lock. Null if the source was never written. */
  async liveLocked(): Promise<SourceSnapshot | null> {
    const generation = await readGeneration(this.main);
    if (generation === null) return null;
    const cached = await this.cache.get(generation);
    if (cached) return cached;
    const snapshot = await readSnapshot(this.main, generation);
    this.cache.set(snapshot);
    return snapshot;
  }

  /** Replaces the live directory with a finished staging one; returns the journal sequence. */
  async swapInLocked(staging: string, refs: string[]): Promise<number> {
    const hadMain = await exists(this.main);
    // The counter tells readers in other processes that the directory changed.
    const generation = ((hadMain && (await readGeneration(this.main))) || 0) + 1;
    await writeFile(join(staging, GENERATION_FILE), String(generation));
    await writeFile(join(staging, JOURNAL_DUE_FILE), ndjson(refs));
    const aside = this.layout.aside(this.encoded, randomBytes(6).toString('hex'));
    // A directory cannot be renamed over a non-empty one: the old one steps aside first. A crash
    // between the two renames leaves the aside dir, which recovery renames back.
    if (hadMain) await rename(this.main, aside);
    try {
      await rename(staging, this.main);
    } catch (error) {
      if (hadMain) await rename(aside, this.main);
      throw error;
    }
    if (hadMain) await rm(aside, { recursive: true, force: true });
    return this.publish(refs);
  }

  /** Gives a never-written source an empty live directory, so it is listed like a committed one. */
  async ensureLiveLocked(): Promise<void> {
    if (await exists(this.main)) return;
    // Built aside and renamed in whole; a crash leaves a staging dir that expires like a pass's.
    const temp = this.layout.staging(this.encoded, newPassId());
    await mkdir(temp);
    await writeFile(join(temp, GENERATION_FILE), '1');
    await rename(temp, this.main);
  }

  /**
   * Adds a delta of resource lines to `live` (from `liveLocked`) as the next generation, on disk
   * and in memory. Each file appears whole (written aside, renamed in), so readers in other
   * processes see the delta entirely or not at all; this process's readers see it once it is on disk.
   */
  async applyLocked(live: SourceSnapshot, lines: string[], refs: string[]): Promise<number> {
    if (lines.length === 0) return this.journal.sequence();
    const generation = live.generation + 1;
    await writeFileAtomic(join(this.main, JOURNAL_DUE_FILE), ndjson(refs));
    await writeFileAtomic(join(this.main, deltaFile(generation)), lines.join('\n') + '\n');
    await writeFileAtomic(join(this.main, GENERATION_FILE), String(generation));
    applyLines(live, lines);
    live.generation = generation;
    this.cache.set(live);
    return this.publish(refs);
  }

  /**
   * Undoes a crash; the caller holds the lock, so no write is midway. An aside dir is the previous
   * generation of a swap that never finished when the main dir is missing, and garbage otherwise.
   * A delta newer than the generation counter lost its bump; due refs lost their journaling.
   */
  private async recoverLocked(): Promise<void> {
    let mainExists = await exists(this.main);
    for (const name of await readdir(this.layout.root)) {
      const entry = SourceDirLayout.parse(name);
      if (entry?.kind !== 'aside' || entry.encoded !== this.encoded) continue;
      const path = join(this.layout.root, name);
      if (mainExists) {
        await rm(path, { recursive: true, force: true });
      } else {
        await rename(path, this.main);
        mainExists = true;
      }
    }
    if (!mainExists) return;
    const newestDelta = Math.max(0, ...(await readdir(this.main)).map((name) => parseDeltaFile(name) ?? 0));
    if (newestDelta > ((await readGeneration(this.main)) ?? 0)) {
      await writeFileAtomic(join(this.main, GENERATION_FILE), String(newestDelta));
    }
    const dueFile = join(this.main, JOURNAL_DUE_FILE);
    if (!(await exists(dueFile))) return;
    const due: string[] = [];
    for await (const line of readLines(dueFile)) due.push(JSON.parse(line) as string);
    await this.publish(due);
  }

  private async publish(refs: string[]): Promise<number> {
    const sequence = await this.journal.append(refs);
    await rm(join(this.main, JOURNAL_DUE_FILE), { force: true });
    return sequence;
  }
}

function ndjson(refs: string[]): string {
  return refs.map((ref) => JSON.stringify(ref) + '\n').join('');
}
