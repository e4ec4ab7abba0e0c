import { appendFile, mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PLAN_NET_TYPES, type FhirResource, type PlanNetType } from '@pds/fhir';
import { diffPass } from '../change-set-diff';
import { isPassId, newPassId } from '../pass-id';
import type { ChangeCounts, ChangeSet, StorePass } from '../resource-store.port';
import { toStoredResources } from '../stored-resource';
import { UnknownPassError } from '../unknown-pass.error';
import type { FileSourceWriter } from './file-source-writer';
import { exists, lastModifiedMs, truncateTornTail } from './fs-util';
import { decodeResourceLine, encodeResourceLine } from './resource-line-codec';
import { ALIASES_FILE, SourceDirLayout, typeFile } from './source-dir-layout';
import { readLines, snapshotHashes, type SourceSnapshot } from './source-snapshot';

/** What a pass needs of its store. */
export interface FilePassContext {
  layout: SourceDirLayout;
  writer: FileSourceWriter;
  /** The live resources as readers see them, for `preview`. */
  live: () => Promise<SourceSnapshot | null>;
  /** A staging dir idle this long is a crashed pass given up on. */
  ttlMs: number;
}

/**
 * A pass of the embedded store: appends resource lines to a staging directory beside the
 * source's, and `commit` swaps the directories under the source's lock. The staging directory is
 * named by the pass id alone and outlives the process, so `resume` picks it up after a crash.
 *
 * One writer per pass at a time: the harvest holds a per-source lock for a run, so two processes
 * never resume the same pass together. The hashes of what was put stay in memory (about 100 bytes
 * a resource), so `preview` and `commit` never re-read the staged resources.
 */
export class FileStorePass implements StorePass {
  private state: 'open' | 'committing' | 'finished' = 'open';

  private constructor(
    readonly id: string,
    private readonly source: string,
    private readonly staging: string,
    /** `Type/id` → content hash of what the pass holds, last put wins. */
    private readonly staged: Map<string, string>,
    private readonly context: FilePassContext,
  ) {}

  static async begin(source: string, context: FilePassContext): Promise<FileStorePass> {
    const id = newPassId();
    const staging = context.layout.staging(SourceDirLayout.encode(source), id);
    await mkdir(staging, { recursive: true });
    return new FileStorePass(id, source, staging, new Map(), context);
  }

  /** Reopens a pass's staging dir, trimming what an append killed midway left of its last line. */
  static async resume(source: string, passId: string, context: FilePassContext): Promise<FileStorePass> {
    if (!isPassId(passId)) throw new UnknownPassError(source, passId);
    const staging = context.layout.staging(SourceDirLayout.encode(source), passId);
    if (!(await exists(staging))) throw new UnknownPassError(source, passId);
    if (Date.now() - (await lastModifiedMs(staging)) > context.ttlMs) {
      await rm(staging, { recursive: true, force: true });
      throw new UnknownPassError(source, passId);
    }
    for (const name of await readdir(staging)) await truncateTornTail(join(staging, name));
    const staged = new Map<string, string>();
    for (const type of PLAN_NET_TYPES) {
      for await (const line of readLines(join(staging, typeFile(type)))) {
        const { ref, hash } = decodeResourceLine(line);
        staged.set(ref, hash!);
      }
    }
    return new FileStorePass(passId, source, staging, staged, context);
  }

  async put(resources: FhirResource[]): Promise<void> {
    this.assertOpen();
    const batch = toStoredResources(resources);
    const lines = new Map<PlanNetType, string[]>();
    for (const { type, ref, hash, json } of batch.values()) {
      const typeLines = lines.get(type) ?? [];
      typeLines.push(encodeResourceLine(ref, hash, json));
      lines.set(type, typeLines);
    }
    for (const [type, typeLines] of lines) {
      await appendFile(join(this.staging, typeFile(type)), typeLines.join('\n') + '\n');
    }
    for (const { ref, hash } of batch.values()) this.staged.set(ref, hash);
  }

  async putAliases(aliases: Record<string, string>): Promise<void> {
    this.assertOpen();
    const lines = Object.entries(aliases).map((entry) => JSON.stringify(entry) + '\n');
    if (lines.length > 0) await appendFile(join(this.staging, ALIASES_FILE), lines.join(''));
  }

  async preview(): Promise<ChangeCounts> {
    this.assertOpen();
    return diffPass(this.staged, snapshotHashes(await this.context.live())).counts;
  }

  async commit(): Promise<ChangeSet> {
    this.assertOpen();
    this.state = 'committing';
    try {
      await syncFiles(this.staging);
      const { writer } = this.context;
      const changes = await writer.withLock(async () => {
        const { counts, refs } = diffPass(this.staged, snapshotHashes(await writer.liveLocked()));
        return { ...counts, sequence: await writer.swapInLocked(this.staging, refs) };
      });
      this.state = 'finished';
      return changes;
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
