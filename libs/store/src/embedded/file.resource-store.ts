import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FhirResource, PlanNetType } from '@pds/fhir';
import type { ResourceStore, StorePass } from '../resource-store.port';
import { FileStorePass } from './file.store-pass';
import { exists } from './fs.util';
import { isProcessAlive, withPidFileLock } from './pid-file.lock';
import { SourceDirLayout, type RootEntry } from './source-dir.layout';
import { readGeneration, readSnapshot, type SourceSnapshot } from './source.snapshot';

const DEFAULT_BATCH_SIZE = 500;
/** Reads retried when commits keep landing while a source is being loaded. */
const LOAD_ATTEMPTS = 20;

/**
 * The embedded resource store: under `rootDir`, a directory per source holding one NDJSON file
 * per resource type and the aliases, loaded into memory per source on first use.
 *
 * Processes on one host may share `rootDir` (a harvest CLI committing while the API serves):
 * every read compares the source's `generation` file with the loaded one and reloads after
 * another process's commit. Commits take a per-source lock file; leftovers of a crash (a staging
 * dir of a dead process, an aside dir of a half-done swap) are cleared or restored on open.
 */
export class FileResourceStore implements ResourceStore {
  private readonly layout: SourceDirLayout;
  private readonly cache = new Map<string, { generation: number; snapshot: Promise<SourceSnapshot | null> }>();
  private opening?: Promise<void>;

  constructor(rootDir: string) {
    this.layout = new SourceDirLayout(rootDir);
  }

  async beginPass(source: string): Promise<StorePass> {
    await this.open();
    return FileStorePass.begin(this.layout, source, (encoded) => this.recoverLocked(encoded));
  }

  async getMany(source: string, type: PlanNetType, ids: string[]): Promise<(FhirResource | null)[]> {
    const byId = (await this.snapshot(source))?.resources.get(type);
    return ids.map((id) => {
      const text = byId?.get(id);
      return text === undefined ? null : (JSON.parse(text) as FhirResource);
    });
  }

  async *scan(source: string, type: PlanNetType, batchSize = DEFAULT_BATCH_SIZE): AsyncIterable<FhirResource[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Invalid batch size ${batchSize}`);
    const byId = (await this.snapshot(source))?.resources.get(type);
    let batch: FhirResource[] = [];
    for (const text of byId?.values() ?? []) {
      batch.push(JSON.parse(text) as FhirResource);
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
    const resources = (await this.snapshot(source))?.resources ?? new Map<PlanNetType, Map<string, string>>();
    return Object.fromEntries([...resources].map(([type, byId]) => [type, byId.size]));
  }

  async close(): Promise<void> {
    this.cache.clear();
  }

  /** The loaded source, reloaded when its generation file shows another commit; null if never committed. */
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
        // for the lock, then restore the aside dir if the swap never finished.
        await withPidFileLock(this.layout.lock(encoded), () => this.recoverLocked(encoded));
        generation = await readGeneration(dir);
      }
      if (generation === null) return null;
      const snapshot = await readSnapshot(dir, generation);
      // A commit landing mid-read may have mixed files of two generations.
      if ((await readGeneration(dir)) === generation) return snapshot;
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

  private async recoverAll(): Promise<void> {
    await mkdir(this.layout.root, { recursive: true });
    const crashed = new Set<string>();
    for (const { entry } of await this.rootEntries()) {
      if (entry.kind === 'aside' || (entry.kind === 'staging' && !isProcessAlive(entry.pid))) crashed.add(entry.encoded);
    }
    for (const encoded of crashed) {
      await withPidFileLock(this.layout.lock(encoded), () => this.recoverLocked(encoded));
    }
  }

  /**
   * Undoes a crash; the caller holds the source's lock, so no commit is mid-swap. An aside dir
   * is the previous generation of a swap that never finished when the main dir is missing, and
   * garbage otherwise. Only one can exist, as each commit recovers before it swaps.
   */
  private async recoverLocked(encoded: string): Promise<void> {
    const main = this.layout.main(encoded);
    let mainExists = await exists(main);
    for (const { name, entry } of await this.rootEntries()) {
      if (entry.encoded !== encoded) continue;
      const path = join(this.layout.root, name);
      if (entry.kind === 'aside' && !mainExists) {
        await rename(path, main);
        mainExists = true;
      } else if (entry.kind === 'aside' || (entry.kind === 'staging' && !isProcessAlive(entry.pid))) {
        await rm(path, { recursive: true, force: true });
      }
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
