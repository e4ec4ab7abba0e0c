import { Meilisearch } from 'meilisearch';
import type { DirectoryCatalog } from '../directory-catalog';
import { validateQuery } from '../query-validation';
import type { ProviderDocument } from '../provider-document';
import type { IndexBuild, IndexStats, SearchIndex } from '../search-index.port';
import type { SearchQuery, SearchResult } from '../search-query';
import { SearchError } from '../search.error';
import { loadLayTerms } from '../synonyms/synonyms';
import type { MeiliProviderHit } from './meilisearch-document';
import { MeiliErrorCode, meiliErrorCode, toSearchError } from './meilisearch.error';
import { MeilisearchCatalog } from './meilisearch-catalog';
import { MeilisearchHousekeeping } from './meilisearch-housekeeping';
import { MeilisearchIndexBuild } from './meilisearch-index-build';
import { searchGrouped } from './meilisearch-grouping';
import { MeilisearchIndexes } from './meilisearch-indexes';
import { emptyResult, type MeiliSearchRequest, toSearchRequest, toSearchResult } from './meilisearch-search-request';
import { meilisearchSettings } from './meilisearch-settings';
import { MeilisearchTasks } from './meilisearch-tasks';

export interface MeilisearchSearchIndexOptions {
  /** Base URL of the Meilisearch server, e.g. http://localhost:7700. */
  url: string;
  apiKey?: string;
  /** Uid of the served index; rebuilds use `<indexUid>_build_<ms>_<random>` beside it. */
  indexUid?: string;
  /** A build index nothing has written to for this long is a dead rebuild's, dropped at start. */
  orphanAfterMs?: number;
  /** Documents per add/delete request. */
  batchSize?: number;
  /** Serialized bytes per add request at most (a larger document goes alone). */
  batchBytes?: number;
  /** How long to wait for one task (indexing, swap, deletion) to end. */
  taskTimeoutMs?: number;
  /** How long one HTTP request may take. */
  requestTimeoutMs?: number;
  /** A lay-terms JSON file (see synonyms/lay-terms.json) replacing the shipped list. */
  synonymsFile?: string;
}

const DEFAULTS = {
  indexUid: 'providers',
  batchSize: 10_000,
  batchBytes: 10 * 1024 * 1024,
  // A task's wait includes the queue ahead of it, e.g. a rebuild's earlier batches.
  taskTimeoutMs: 10 * 60_000,
  requestTimeoutMs: 30_000,
  // Far longer than the gap between two batches of a live rebuild.
  orphanAfterMs: 60 * 60_000,
} as const;

/**
 * The SearchIndex port on a Meilisearch server, for deployments with many API replicas.
 *
 * Query semantics equal the embedded adapter's (the shared contract suite checks both; the
 * README lists what still differs). Every write waits for its Meilisearch tasks and rejects
 * unless they succeeded; rebuilds fill a separate index and swap it in atomically. Failures
 * surface as SearchError: `SEARCH.OVERLOADED` (503, or a search cut short by its time
 * budget), `SEARCH.UNAVAILABLE` (unreachable, timed out, settings not applied yet),
 * `SEARCH.INVALID_QUERY`, `SEARCH.PENDING` (a write still queued when its wait ended) or
 * `SEARCH.FAILED`, with the client's error as `cause`.
 */
export class MeilisearchSearchIndex implements SearchIndex {
  private readonly client: Meilisearch;
  private readonly tasks: MeilisearchTasks;
  private readonly indexes: MeilisearchIndexes;
  private readonly indexUid: string;
  private readonly catalogs: MeilisearchCatalog;
  private readonly housekeeping: MeilisearchHousekeeping;
  private mainReady: Promise<void> | null = null;
  private started: Promise<void> | null = null;
  private closed = false;

  constructor(options: MeilisearchSearchIndexOptions) {
    this.indexUid = options.indexUid ?? DEFAULTS.indexUid;
    this.client = new Meilisearch({
      host: options.url,
      apiKey: options.apiKey,
      timeout: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    });
    this.catalogs = new MeilisearchCatalog(this.client, this.indexUid);
    this.tasks = new MeilisearchTasks(this.client, options.taskTimeoutMs ?? DEFAULTS.taskTimeoutMs);
    const batch = { documents: options.batchSize ?? DEFAULTS.batchSize, bytes: options.batchBytes ?? DEFAULTS.batchBytes };
    for (const [name, value] of [['batchSize', batch.documents], ['batchBytes', batch.bytes]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}.`);
    }
    this.indexes = new MeilisearchIndexes(this.client, this.tasks, batch, meilisearchSettings(loadLayTerms(options.synonymsFile)));
    const orphanAfterMs = options.orphanAfterMs ?? DEFAULTS.orphanAfterMs;
    this.housekeeping = new MeilisearchHousekeeping(this.client, this.tasks, this.indexUid, orphanAfterMs);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    this.assertOpen();
    validateQuery(query);
    const run = (request: MeiliSearchRequest) =>
      this.client.index(this.indexUid).search<MeiliProviderHit, MeiliSearchRequest['params']>(request.q, request.params);
    try {
      if (query.groupByProvider) return await searchGrouped(run, () => this.generation(), query);
      const request = toSearchRequest(query);
      return toSearchResult(await run(request), query, request);
    } catch (error) {
      // Searching must not create the index; until something is written there is nothing to find.
      if (meiliErrorCode(error) === MeiliErrorCode.indexNotFound) return emptyResult(query);
      throw toSearchError(error, 'search');
    }
  }

  async beginRebuild(): Promise<IndexBuild> {
    this.assertOpen();
    const buildUid = this.housekeeping.buildUid();
    try {
      await this.start();
      await this.indexes.create(buildUid);
    } catch (error) {
      throw toSearchError(error, `begin rebuild ${buildUid}`);
    }
    return new MeilisearchIndexBuild({
      indexes: this.indexes,
      tasks: this.tasks,
      housekeeping: this.housekeeping,
      mainUid: this.indexUid,
      buildUid,
      ensureMain: () => this.ensureMain(),
    });
  }

  async upsert(documents: ProviderDocument[]): Promise<void> {
    this.assertOpen();
    if (documents.length === 0) return;
    try {
      await this.start();
      await this.tasks.succeeded('upsert', ...(await this.indexes.enqueueAdd(this.indexUid, documents)));
    } catch (error) {
      throw toSearchError(error, 'upsert');
    }
  }

  async remove(ids: string[]): Promise<void> {
    this.assertOpen();
    if (ids.length === 0) return;
    try {
      await this.start();
      await this.tasks.succeeded('remove', ...(await this.indexes.enqueueDelete(this.indexUid, ids)));
    } catch (error) {
      throw toSearchError(error, 'remove');
    }
  }

  async stats(): Promise<IndexStats> {
    this.assertOpen();
    const index = this.client.index(this.indexUid);
    try {
      const [info, stats] = await Promise.all([index.getRawInfo(), index.getStats()]);
      return { documents: stats.numberOfDocuments, updatedAt: new Date(info.updatedAt) };
    } catch (error) {
      if (meiliErrorCode(error) === MeiliErrorCode.indexNotFound) return { documents: 0, updatedAt: null };
      throw toSearchError(error, 'stats');
    }
  }

  async catalog(): Promise<DirectoryCatalog> {
    this.assertOpen();
    try {
      return await this.catalogs.get();
    } catch (error) {
      throw toSearchError(error, 'catalog');
    }
  }

  /** Later calls reject, as the embedded adapter's do; the client itself holds nothing to release. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /** The served index's creation time, which a swap exchanges along with the contents. */
  private async generation(): Promise<string> {
    return (await this.client.index(this.indexUid).getRawInfo()).createdAt;
  }

  private assertOpen(): void {
    if (this.closed) throw new SearchError('SEARCH.UNAVAILABLE', 'The Meilisearch search index is closed.');
  }

  /**
   * Before this process's first write: the served index exists with this version's settings,
   * dead rebuilds' indexes are dropped and the served index's finished tasks pruned. A failed
   * attempt is retried by the next write.
   */
  private start(): Promise<void> {
    this.started ??= (async () => {
      await this.ensureMain();
      await this.housekeeping.dropOrphans();
      await this.housekeeping.pruneTasks([this.indexUid]);
    })().catch((error: unknown) => {
      this.started = null;
      throw error;
    });
    return this.started;
  }

  /** Creates the served index, or brings its settings up to date, once; a failed attempt is retried by the next call. */
  private ensureMain(): Promise<void> {
    this.mainReady ??= this.indexes.ensure(this.indexUid).catch((error: unknown) => {
      this.mainReady = null;
      throw error;
    });
    return this.mainReady;
  }
}
