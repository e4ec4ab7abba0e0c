import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FhirResource, PlanNetType } from '@pds/fhir';
import { diffPass } from '../change-set-diff';
import { assertJournalLimit } from '../change-journal-args';
import type { ChangeSet, ResourceStore, StorePass } from '../resource-store.port';
import { parseRef, toStoredResources } from '../stored-resource';
import { FileSourceWriter } from './file-source-writer';
import { FileStorePass, type FilePassContext } from './file-store-pass';
import { exists, lastModifiedMs } from './fs-util';
import { encodeDeletionLine, encodeResourceLine } from './resource-line-codec';
import { JOURNAL_DUE_FILE, SourceDirLayout, type RootEntry } from './source-dir-layout';
import { closeSnapshot, readGeneration, readSnapshot, type SourceSnapshot } from './source-snapshot';

const DEFAULT_BATCH_SIZE = 500;
/** Reads retried when commits keep landing while a source is being loaded. */
const LOAD_ATTEMPTS = 20;
const SEVEN_DAYS_SECONDS = 7 * 24 * 60 * 60;

export interface FileResourceStoreOptions {
  /** How long an uncommitted pass's staging dir outlives its last write. Default 7 days, as in Redis. */
  passTtlSeconds?: number;
}

/**
 * The embedded resource store: under `rootDir`, a directory per source holding one NDJSON file
 * per resource type (from the last full pass), the deltas of incremental writes since, and the
 * aliases, loaded per source on first use (type files are indexed and read in place, the rest
 * held in memory); beside it the source's change journal.
 *
 * Processes on one host may share `rootDir` (a harvest CLI committing while the API serves):
 * every read compares the source's `generation` file with the loaded one and reloads after
 * another process's write. Writes take a per-source lock file; leftovers of a crash (an aside dir
 * of a half-done swap, refs not yet journaled) are put right on open and before the next write.
 * Staging dirs of unfinished passes are kept for `beginPass(source, id)` until the pass TTL.
 */
export class FileResourceStore implements ResourceStore {
  private readonly layout: SourceDirLayout;
  private readonly passTtlMs: number;
  private readonly cache = new Map<string, { generation: number; snapshot: Promise<SourceSnapshot | null> }>();
  private opening?: Promise<void>;

  constructor(rootDir: string, options: FileResourceStoreOptions = {}) {
    this.layout = new SourceDirLayout(rootDir);
    this.passTtlMs = (options.passTtlSeconds ?? SEVEN_DAYS_SECONDS) * 1000;
  }

  async beginPass(source: string, passId?: string): Promise<StorePass> {
    await this.open();
    const context: FilePassContext = {
      layout: this.layout,
      writer: this.writer(SourceDirLayout.encode(source)),
      live: () => this.snapshot(source),
      ttlMs: this.passTtlMs,
    };
    return passId === undefined ? FileStorePass.begin(source, context) : FileStorePass.resume(source, passId, context);
  }

  async upsert(source: string, resources: FhirResource[]): Promise<ChangeSet> {
    const batch = toStoredResources(resources);
    await this.open();
    const writer = this.writer(SourceDirLayout.encode(source));
    return writer.withLock(async () => {
      await writer.ensureLiveLocked();
      const live = (await writer.liveLocked())!;
      const staged = new Map<string, string>();
      const before = new Map<string, string | null>();
      for (const { type, id, ref, hash } of batch.values()) {
        staged.set(ref, hash);
        const stored = live.resources.get(type)!.hash(id);
        if (stored !== undefined) before.set(ref, stored);
      }
      const { counts, refs } = diffPass(staged, before);
      const lines = refs.map((ref) => {
        const { hash, json } = batch.get(ref)!;
        return encodeResourceLine(ref, hash, json);
      });
      return { ...counts, sequence: await writer.applyLocked(live, lines, refs) };
    });
  }

  async remove(source: string, refs: string[]): Promise<ChangeSet> {
    for (const ref of refs) parseRef(ref);
    const wanted = new Set(refs);
    await this.open();
    const writer = this.writer(SourceDirLayout.encode(source));
    return writer.withLock(async () => {
      const live = await writer.liveLocked();
      const present = [...wanted].filter((ref) => {
        const { type, id } = parseRef(ref);
        return live?.resources.get(type)!.has(id) ?? false;
      });
      const sequence = live
        ? await writer.applyLocked(live, present.map(encodeDeletionLine), present)
        : await writer.journal.sequence();
      return { added: 0, updated: 0, unchanged: 0, deleted: present.length, sequence };
    });
  }

  async changesSince(source: string, sequence: number, limit: number): Promise<{ refs: string[]; sequence: number }> {
    assertJournalLimit(limit);
    await this.open();
    return this.writer(SourceDirLayout.encode(source)).journal.since(sequence, limit);
  }

  async getMany(source: string, type: PlanNetType, ids: string[]): Promise<(FhirResource | null)[]> {
    const byId = (await this.snapshot(source))?.resources.get(type);
    return ids.map((id) => {
      const json = byId?.json(id);
      return json === undefined ? null : (JSON.parse(json) as FhirResource);
    });
  }

  async *scan(source: string, type: PlanNetType, batchSize = DEFAULT_BATCH_SIZE): AsyncIterable<FhirResource[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Invalid batch size ${batchSize}`);
    const byId = (await this.snapshot(source))?.resources.get(type);
    let batch: FhirResource[] = [];
    for (const json of byId?.jsons() ?? []) {
      batch.push(JSON.parse(json) as FhirResource);
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async resolveAlias(source: string, url: string): Promise<string | null> {
    return (await this.snapshot(source))?.aliases.get(url) ?? null;
  }

  async sources(): Promise<string[]> {
    await this.open();
    const entries = await readdir(this.layout.root, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && SourceDirLayout.parse(entry.name)?.kind === 'source')
      .map((entry) => SourceDirLayout.decode(entry.name))
      .sort();
  }

  async counts(source: string): Promise<Partial<Record<PlanNetType, number>>> {
    const resources = [...((await this.snapshot(source))?.resources ?? [])];
    // Types without resources are absent.
    return Object.fromEntries(resources.flatMap(([type, byId]) => (byId.size > 0 ? [[type, byId.size]] : [])));
  }

  /**
   * Closes the type files of the snapshots in memory. A reader still midway through one of them
   * (a scan racing the close) gets an error rather than a read through a descriptor number the
   * process may have reused; snapshots replaced earlier close when garbage collected. One still
   * loading closes when loaded, without holding up the close (it may be waiting for a lock).
   */
  async close(): Promise<void> {
    for (const { snapshot } of this.cache.values()) {
      void snapshot.then((loaded) => loaded && closeSnapshot(loaded), () => undefined);
    }
    this.cache.clear();
  }

  private writer(encoded: string): FileSourceWriter {
    return new FileSourceWriter(this.layout, encoded, {
      get: (generation) => {
        const cached = this.cache.get(encoded);
        return cached?.generation === generation ? cached.snapshot : undefined;
      },
      set: (snapshot) => this.cache.set(encoded, { generation: snapshot.generation, snapshot: Promise.resolve(snapshot) }),
    });
  }

  /** The loaded source, reloaded when its generation file shows another write; null if never written. */
  private async snapshot(source: string): Promise<SourceSnapshot | null> {
    await this.open();
    const encoded = SourceDirLayout.encode(source);
    const generation = await readGeneration(this.layout.main(encoded));
    const cached = this.cache.get(encoded);
    if (generation !== null && cached?.generation === generation) return cached.snapshot;
    this.cache.delete(encoded);
    const snapshot = this.load(encoded);
    if (generation === null) return snapshot;
    // Cached as a promise so concurrent readers share one load.
    this.cache.set(encoded, { generation, snapshot });
    void snapshot.catch(() => {
      if (this.cache.get(encoded)?.snapshot === snapshot) this.cache.delete(encoded);
    });
    return snapshot;
  }

  private async load(encoded: string): Promise<SourceSnapshot | null> {
    const dir = this.layout.main(encoded);
    for (let attempt = 1; ; attempt++) {
      let generation = await readGeneration(dir);
      if (generation === null && (await this.hasLeftovers(encoded))) {
        // Another process is between its two renames (it holds the lock) or crashed there: wait
        // for the lock, which restores the aside dir if the swap never finished.
        await this.writer(encoded).withLock(async () => undefined);
        generation = await readGeneration(dir);
      }
      if (generation === null) return null;
      const snapshot = await readSnapshot(dir, generation);
      // A commit landing mid-read may have mixed files of two generations.
      if ((await readGeneration(dir)) === generation) return snapshot;
      closeSnapshot(snapshot);
      if (attempt === LOAD_ATTEMPTS) {
        throw new Error(`Source ${SourceDirLayout.decode(encoded)} kept changing while being read`);
      }
    }
  }

  private open(): Promise<void> {
    this.opening ??= this.recoverAll().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  /** Drops passes idle past the TTL, and recovers sources a crash left mid-swap or unjournaled. */
  private async recoverAll(): Promise<void> {
    await mkdir(this.layout.root, { recursive: true });
    const crashed = new Set<string>();
    for (const { name, entry } of await this.rootEntries()) {
      const path = join(this.layout.root, name);
      if (entry.kind === 'aside') crashed.add(entry.encoded);
      if (entry.kind === 'source' && (await exists(join(path, JOURNAL_DUE_FILE)))) crashed.add(entry.encoded);
      if (entry.kind === 'staging' && (await this.isExpired(path))) await rm(path, { recursive: true, force: true });
    }
    for (const encoded of crashed) await this.writer(encoded).withLock(async () => undefined);
  }

  private async isExpired(staging: string): Promise<boolean> {
    try {
      return Date.now() - (await lastModifiedMs(staging)) > this.passTtlMs;
    } catch {
      // Committed or aborted while being looked at.
      return false;
    }
  }

  private async hasLeftovers(encoded: string): Promise<boolean> {
    return (await this.rootEntries()).some(
      ({ entry }) => entry.encoded === encoded && (entry.kind === 'aside' || entry.kind === 'lock'),
    );
  }

  private async rootEntries(): Promise<{ name: string; entry: RootEntry }[]> {
    const names = await readdir(this.layout.root);
    return names.flatMap((name) => {
      const entry = SourceDirLayout.parse(name);
      return entry ? [{ name, entry }] : [];
    });
  }
}
