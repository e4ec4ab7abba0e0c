import type { EnqueuedTask, Meilisearch, Settings } from 'meilisearch';
import type { ProviderDocument } from '../provider-document';
import { toMeiliDocument, type MeiliProviderDocument } from './meilisearch-document';
import { failedTaskError, MeiliErrorCode, meiliErrorCode } from './meilisearch.error';
import { PRIMARY_KEY, settingsDiffer } from './meilisearch-settings';
import type { MeilisearchTasks } from './meilisearch-tasks';

/** How many documents, and at most how many bytes of them serialized, one add request carries. */
export interface BatchLimits {
  documents: number;
  /**
   * Meilisearch refuses a payload over 100 MB (413), and the request timeout covers the upload:
   * a tenth of that keeps a request short whatever the documents weigh (each carries its
   * flat fields and the whole document).
   */
  bytes: number;
}

/** Index-level operations shared by the adapter and its rebuilds; every one awaits its tasks. */
export class MeilisearchIndexes {
  constructor(
    private readonly client: Meilisearch,
    private readonly tasks: MeilisearchTasks,
    private readonly batch: BatchLimits,
    private readonly settings: Settings,
  ) {}

  /** Creates an index with the primary key and settings; fails if it already exists. */
  async create(uid: string): Promise<void> {
    await this.tasks.succeeded(`create index ${uid}`, await this.client.createIndex(uid, { primaryKey: PRIMARY_KEY }));
    await this.configure(uid);
  }

  /**
   * Creates the index unless it exists; an existing one gets this version's settings when its
   * own differ (an index created by an older version would otherwise keep them until a rebuild).
   */
  async ensure(uid: string): Promise<void> {
    try {
      await this.client.getRawIndex(uid);
      if (settingsDiffer(await this.client.index(uid).getSettings(), this.settings)) await this.configure(uid);
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

  /**
   * Enqueues full replacements (not partial updates, so dropped fields such as `_geo` go) in
   * batches of at most `batch.documents` documents and `batch.bytes` bytes; a document larger
   * than that goes alone. Serialized once, as it is sent.
   */
  async enqueueAdd(uid: string, documents: readonly ProviderDocument[]): Promise<EnqueuedTask[]> {
    const index = this.client.index<MeiliProviderDocument>(uid);
    const enqueued: EnqueuedTask[] = [];
    let batch: string[] = [];
    let bytes = 0;
    const send = async (): Promise<void> => {
      if (batch.length === 0) return;
      enqueued.push(await index.addDocumentsFromString(`[${batch.join(',')}]`, 'application/json'));
      batch = [];
      bytes = 0;
    };
    for (const document of documents) {
      const json = JSON.stringify(toMeiliDocument(document));
      const size = Buffer.byteLength(json);
      if (batch.length === this.batch.documents || (batch.length > 0 && bytes + size + 1 > this.batch.bytes)) await send();
      batch.push(json);
      bytes += size + 1;
    }
    await send();
    return enqueued;
  }

  async enqueueDelete(uid: string, ids: readonly string[]): Promise<EnqueuedTask[]> {
    const index = this.client.index(uid);
    const enqueued: EnqueuedTask[] = [];
    for (let start = 0; start < ids.length; start += this.batch.documents) {
      enqueued.push(await index.deleteDocuments(ids.slice(start, start + this.batch.documents)));
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
