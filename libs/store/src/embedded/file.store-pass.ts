import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isPlanNetType, type FhirResource, type PlanNetType } from '@pds/fhir';
import type { StorePass } from '../resource-store.port';
import { withPidFileLock } from './pid-file.lock';
import { ALIASES_FILE, GENERATION_FILE, SourceDirLayout, typeFile } from './source-dir.layout';
import { exists } from './fs.util';
import { readGeneration } from './source.snapshot';

/**
 * A pass of the embedded store: appends NDJSON to a staging directory beside the source's, and
 * `commit` swaps the directories under the source's lock.
 */
export class FileStorePass implements StorePass {
  private state: 'open' | 'committing' | 'finished' = 'open';

  private constructor(
    private readonly layout: SourceDirLayout,
    private readonly source: string,
    private readonly encoded: string,
    private readonly staging: string,
    /** Restores or clears a crashed commit's leftovers; the caller holds the source's lock. */
    private readonly recoverLocked: (encoded: string) => Promise<void>,
  ) {}

  static async begin(
    layout: SourceDirLayout,
    source: string,
    recoverLocked: (encoded: string) => Promise<void>,
  ): Promise<FileStorePass> {
    const encoded = SourceDirLayout.encode(source);
    const staging = layout.staging(encoded, randomBytes(6).toString('hex'));
    await mkdir(staging, { recursive: true });
    return new FileStorePass(layout, source, encoded, staging, recoverLocked);
  }

  async put(resources: FhirResource[]): Promise<void> {
    this.assertOpen();
    const lines = new Map<PlanNetType, string[]>();
    for (const resource of resources) {
      const type = resource.resourceType;
      if (!isPlanNetType(type) || typeof resource.id !== 'string' || resource.id === '') {
        throw new Error(`Not a storable Plan-Net resource: ${type}/${String(resource.id)}`);
      }
      const typeLines = lines.get(type) ?? [];
      typeLines.push(JSON.stringify(resource));
      lines.set(type, typeLines);
    }
    for (const [type, typeLines] of lines) {
      await appendFile(join(this.staging, typeFile(type)), typeLines.join('\n') + '\n');
    }
  }

  async putAliases(aliases: Record<string, string>): Promise<void> {
    this.assertOpen();
    const lines = Object.entries(aliases).map((entry) => JSON.stringify(entry) + '\n');
    if (lines.length > 0) await appendFile(join(this.staging, ALIASES_FILE), lines.join(''));
  }

  async commit(): Promise<void> {
    this.assertOpen();
    this.state = 'committing';
    try {
      await syncFiles(this.staging);
      await withPidFileLock(this.layout.lock(this.encoded), () => this.swapLocked());
      this.state = 'finished';
    } catch (error) {
      // Left open so the caller can abort (drop the staging dir) or retry.
      this.state = 'open';
      throw error;
    }
  }

  /** Idempotent: after a commit or an earlier abort there is nothing left to drop. */
  async abort(): Promise<void> {
    if (this.state === 'finished') return;
    this.state = 'finished';
    await rm(this.staging, { recursive: true, force: true });
  }

  private async swapLocked(): Promise<void> {
    await this.recoverLocked(this.encoded);
    const main = this.layout.main(this.encoded);
    const hadMain = await exists(main);
    // The counter tells readers in other processes that the directory changed.
    const generation = ((hadMain && (await readGeneration(main))) || 0) + 1;
    await writeFile(join(this.staging, GENERATION_FILE), String(generation));
    const aside = this.layout.aside(this.encoded, randomBytes(6).toString('hex'));
    // A directory cannot be renamed over a non-empty one: the old one steps aside first. A crash
    // between the two renames leaves the aside dir, which recovery renames back.
    if (hadMain) await rename(main, aside);
    try {
      await rename(this.staging, main);
    } catch (error) {
      if (hadMain) await rename(aside, main);
      throw error;
    }
    if (hadMain) await rm(aside, { recursive: true, force: true });
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`The pass over ${this.source} is already ${this.state}`);
  }
}

/** Flushes the pass's files to disk, so a power loss right after the swap cannot expose empty files. */
async function syncFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const handle = await open(join(dir, name), 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
