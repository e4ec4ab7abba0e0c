import type { EnqueuedTask, Meilisearch, Settings } from 'meilisearch';
import type { ProviderDocument } from '../provider-document';
import { toMeiliDocument, type MeiliProviderDocument } from './meilisearch.document';
import { failedTaskError, MeiliErrorCode, meiliErrorCode } from './meilisearch.errors';
import { PRIMARY_KEY } from './meilisearch.settings';
import type { MeilisearchTasks } from './meilisearch.tasks';

/** Index-level operations shared by the adapter and its rebuilds; every one awaits its tasks. */
export class MeilisearchIndexes {
  constructor(
    private readonly client: Meilisearch,
    private readonly tasks: MeilisearchTasks,
    private readonly batchSize: number,
    private readonly settings: Settings,
  ) {}

  /** Creates an index with the primary key and settings; fails if it already exists. */
  async create(uid: string): Promise<void> {
    await this.tasks.succeeded(`create index ${uid}`, await this.client.createIndex(uid, { primaryKey: PRIMARY_KEY }));
    await this.configure(uid);
  }

  /** Creates the index unless it exists; an existing index keeps its settings until the next rebuild. */
  async createIfMissing(uid: string): Promise<void> {
    try {
      await this.client.getRawIndex(uid);
      return;
    } catch (error) {
      if (meiliErrorCode(error) !== MeiliErrorCode.indexNotFound) throw error;
    }
    const created = await this.tasks.finished(await this.client.createIndex(uid, { primaryKey: PRIMARY_KEY }));
    // Another replica may have created it since the lookup; that is the outcome we wanted.
    if (created.status !== 'succeeded' && created.error?.code !== MeiliErrorCode.indexAlreadyExists) {
      throw failedTaskError(created, `create index ${uid}`);
    }
    await this.configure(uid);
  }

  /** Enqueues full replacements in batches (not partial updates, so dropped fields such as `_geo` go). */
  async enqueueAdd(uid: string, documents: readonly ProviderDocument[]): Promise<EnqueuedTask[]> {
    const index = this.client.index<MeiliProviderDocument>(uid);
    const enqueued: EnqueuedTask[] = [];
    for (let start = 0; start < documents.length; start += this.batchSize) {
      // Mapped per batch so a large rebuild never holds two full copies.
      const batch = documents.slice(start, start + this.batchSize).map(toMeiliDocument);
      enqueued.push(await index.addDocuments(batch));
    }
    return enqueued;
  }

  async enqueueDelete(uid: string, ids: readonly string[]): Promise<EnqueuedTask[]> {
    const index = this.client.index(uid);
    const enqueued: EnqueuedTask[] = [];
    for (let start = 0; start < ids.length; start += this.batchSize) {
      enqueued.push(await index.deleteDocuments(ids.slice(start, start + this.batchSize)));
    }
    return enqueued;
  }

  /** Atomically exchanges two existing indexes' contents and settings. */
  async swap(a: string, b: string): Promise<void> {
    await this.tasks.succeeded(`swap ${a} and ${b}`, await this.client.swapIndexes([{ indexes: [a, b], rename: false }]));
  }

  async delete(uid: string): Promise<void> {
    await this.tasks.succeeded(`delete index ${uid}`, await this.client.deleteIndex(uid));
  }

  private async configure(uid: string): Promise<void> {
    await this.tasks.succeeded(`configure index ${uid}`, await this.client.index(uid).updateSettings(this.settings));
  }
}
