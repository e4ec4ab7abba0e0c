import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProviderDocument } from '../provider-document';
import type { BuildFile } from './build-file';
import { DocumentIndexer } from './document-indexer';
import type { GenerationParts } from './generation-parts';
import { type PackedGeneration, unpackGeneration } from './generation-transfer';

export type BuildThreadRequest = { type: 'add'; lines: Uint8Array } | { type: 'finish'; updatedAt: Date | null };
export type BuildThreadReply =
  | { type: 'added' }
  | { type: 'finished'; generation: PackedGeneration }
  | { type: 'failed'; message: string; code: string | null };

/** The compiled worker script beside this file; absent when running from TypeScript source (jest). */
const BUILT_SCRIPT = join(__dirname, 'build-thread.worker.js');
/** Batches sent ahead of the thread: enough to keep it busy, few enough to bound what waits in memory. */
const BATCHES_AHEAD = 4;

/**
 * A rebuild's indexing on a worker thread: the caller's thread only serializes documents (it
 * also builds them: denormalizing takes about as long as indexing), the thread parses and
 * indexes them and hands the finished generation back by transfer, not copy. On a 2-core host
 * this halves a large build's time, and an API serving searches while it rebuilds (embedded
 * mode) keeps its event loop for them.
 */
export class BuildThread {
  private readonly worker: Worker;
  /** Replies not yet asked for, and callers waiting for one: the thread answers every request in order. */
  private readonly replies: BuildThreadReply[] = [];
  private readonly waiting: { resolve: (reply: BuildThreadReply) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | null = null;
  private ahead = 0;

  private constructor(
    script: string,
    private readonly file: BuildFile,
  ) {
    this.worker = new Worker(script, { workerData: { file } });
    this.worker.on('message', (reply: BuildThreadReply) => {
      if (reply.type === 'failed') {
        // The thread's state is unknown after a failure: it takes nothing more.
        this.fail(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
        void this.worker.terminate();
        return;
      }
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(reply);
      else this.replies.push(reply);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`The index build thread exited (code ${code}).`)));
  }

  /**
   * A build thread writing documents to `file`, or null where the worker script is not built:
   * tests running TypeScript source index in-thread (the end-to-end tests run the built service,
   * and its thread).
   */
  static start(file: BuildFile, script = BUILT_SCRIPT): BuildThread | null {
    return existsSync(script) ? new BuildThread(script, file) : null;
  }

  async addDocuments(documents: readonly ProviderDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.addLines(Buffer.from(documents.map((document) => `${JSON.stringify(document)}\n`).join('')));
  }

  /** Documents already serialized: JSON lines, each ending in a newline. */
  async addLines(lines: Uint8Array): Promise<void> {
    if (this.ahead === BATCHES_AHEAD) await this.next();
    else this.throwIfFailed();
    this.ahead++;
    this.worker.postMessage({ type: 'add', lines } satisfies BuildThreadRequest);
  }

  /** The generation of every document added, which now owns the build file; the thread ends. */
  async finish(updatedAt: Date | null): Promise<GenerationParts> {
    while (this.ahead > 0) await this.next();
    this.worker.postMessage({ type: 'finish', updatedAt } satisfies BuildThreadRequest);
    const reply = await this.reply();
    await this.stop();
    if (reply.type !== 'finished') throw new Error(`The index build thread answered "${reply.type}" to finish.`);
    return unpackGeneration(reply.generation, this.file);
  }

  async stop(): Promise<void> {
    this.failure ??= new Error('The index build thread was stopped.');
    await this.worker.terminate();
  }

  private async next(): Promise<void> {
    await this.reply();
    this.ahead--;
  }

  private reply(): Promise<BuildThreadReply> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    this.throwIfFailed();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
}

/** What indexes documents: a build thread, or a DocumentIndexer in this thread where none is built. */
export type Indexer = BuildThread | DocumentIndexer;

export function startIndexer(file: BuildFile): Indexer {
  return BuildThread.start(file) ?? new DocumentIndexer(file);
}

/** Ends a build thread (harmless after its finish); an indexer in this thread holds nothing to end. */
export async function stopIndexer(indexer: Indexer | null): Promise<void> {
  if (indexer instanceof BuildThread) await indexer.stop();
}
