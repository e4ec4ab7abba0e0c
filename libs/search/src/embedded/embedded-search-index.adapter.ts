import { unwatchFile, watchFile } from 'node:fs';
import type { DirectoryCatalog } from '../directory-catalog';
import type { ProviderDocument } from '../provider-document';
import type { IndexBuild, IndexStats, SearchIndex } from '../search-index.port';
import type { SearchQuery, SearchResult } from '../search-query';
import { SearchError } from '../search.error';
import type { BuildFile } from './build-file';
import { asWriteFailure, EmbeddedIndexBuild, snapshotWriteError } from './embedded-index-build';
import { loadLayTerms, type Synonyms, toSynonyms } from '../synonyms/synonyms';
import type { IndexGeneration } from './index-generation';
import { IndexSnapshotStore, type LoadedSnapshot } from './index-snapshot-store';
import { executeQuery } from './query-executor';
import { SerialQueue } from './serial-queue';

export interface EmbeddedSearchIndexOptions {
  /**
   * How often (ms) to check whether another process committed a new snapshot; 0 disables
   * the check (call {@link EmbeddedSearchIndex.refresh} instead). Default 1000.
   */
  watchIntervalMs?: number;
  /** Receives failures of background reloads; the served index stays as it was. */
  onBackgroundError?: (error: unknown) => void;
  /** A lay-terms JSON file (see synonyms/lay-terms.json) replacing the shipped list. */
  synonymsFile?: string;
}

/**
 * In-process search index: the default adapter when no Meilisearch is configured.
 *
 * Serves one immutable generation at a time (documents as JSON bytes, read from the snapshot
 * on demand after a restart; filter posting lists, facet columns, a k-d tree over positions,
 * a term dictionary with weighted postings and precomputed short-prefix pages) and
 * persists every change as a snapshot in `directory`, so a restart serves the last
 * committed index without re-indexing. Query text is expanded with lay-term synonyms. Processes sharing the
 * directory pick up each other's commits within `watchIntervalMs`. Writes (upsert,
 * remove, commit, refresh) run one at a time; searches never wait for them.
 *
 * Language filters match case-insensitively on the full tag or its primary subtag
 * ("es" matches "es-MX"; "es-MX" does not match "es"); the language facet counts
 * lower-cased full tags.
 */
export class EmbeddedSearchIndex implements SearchIndex {
  private readonly writes = new SerialQueue();
  private closed = false;
  private readonly onPointerChange = (): void => {
    this.refresh().catch((error: unknown) => this.onBackgroundError(error));
  };

  private constructor(
    private readonly store: IndexSnapshotStore,
    private served: LoadedSnapshot,
    private readonly synonyms: Synonyms,
    private readonly watchIntervalMs: number,
    private readonly onBackgroundError: (error: unknown) => void,
  ) {
    if (watchIntervalMs > 0) {
      watchFile(store.pointerPath, { interval: watchIntervalMs, persistent: false }, this.onPointerChange);
    }
  }

  /**
   * Opens `directory` (created on first commit), serving the snapshot CURRENT names, or an
   * empty index when there is none.
   */
  static async open(directory: string, options: EmbeddedSearchIndexOptions = {}): Promise<EmbeddedSearchIndex> {
    const synonyms = toSynonyms(loadLayTerms(options.synonymsFile));
    const store = new IndexSnapshotStore(directory, synonyms);
    const served = await store.load().catch((error: unknown) => {
      throw new SearchError('SEARCH.UNAVAILABLE', `Cannot load the search index from ${directory}.`, { cause: error });
    });
    return new EmbeddedSearchIndex(store, served, synonyms, options.watchIntervalMs ?? 1000, options.onBackgroundError ?? (() => undefined));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    this.assertOpen();
    return executeQuery(this.served.generation, query);
  }

  async beginRebuild(): Promise<IndexBuild> {
    this.assertOpen();
    const file = await this.createBuildFile();
    return new EmbeddedIndexBuild(file, this.synonyms, (generation) =>
      this.writes.run(async () => {
        let name: string;
        try {
          name = await this.persist(generation);
        } catch (error) {
          // Never served: its document file (and the disk space it holds) is let go now.
          generation.release();
          throw error;
        }
        this.serve({ name, generation });
      }),
    );
  }

  async upsert(documents: ProviderDocument[]): Promise<void> {
    await this.change(documents, []);
  }

  async remove(ids: string[]): Promise<void> {
    await this.change([], ids);
  }

  async stats(): Promise<IndexStats> {
    const { generation } = this.served;
    return { documents: generation.count, updatedAt: generation.updatedAt };
  }

  async catalog(): Promise<DirectoryCatalog> {
    this.assertOpen();
    return this.served.generation.catalog();
  }

  /**
   * Reloads if CURRENT names a snapshot other than the served one (another process
   * committed). Resolves true when it reloaded.
   */
  refresh(): Promise<boolean> {
    return this.writes.run(async () => {
      if (this.closed || (await this.store.readCurrent()) === this.served.name) return false;
      this.serve(await this.store.load());
      return true;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.watchIntervalMs > 0) unwatchFile(this.store.pointerPath, this.onPointerChange);
    await this.writes.run(async () => undefined);
    this.served.generation.release();
  }

  /** Swaps the served generation, releasing the one it replaces (searches run synchronously: none is using it). */
  private serve(next: LoadedSnapshot): void {
    if (next.generation !== this.served.generation) this.served.generation.release();
    this.served = next;
  }

  private change(upserts: ProviderDocument[], removals: string[]): Promise<void> {
    this.assertOpen();
    if (upserts.length === 0 && removals.length === 0) return Promise.resolve();
    return this.writes.run(async () => {
      // Served as soon as it is built, then persisted.
      const file = await this.createBuildFile();
      const generation = await this.served.generation.withChanges(upserts, removals, new Date(), file).catch((error: unknown) => {
        throw asWriteFailure(error);
      });
      this.serve({ name: this.served.name, generation });
      const name = await this.persist(generation);
      if (this.served.generation === generation) this.served = { name, generation };
    });
  }

  private async persist(generation: IndexGeneration): Promise<string> {
    try {
      return await this.store.write(generation);
    } catch (error) {
      throw snapshotWriteError(error);
    }
  }

  private async createBuildFile(): Promise<BuildFile> {
    try {
      return await this.store.createBuildFile();
    } catch (error) {
      throw snapshotWriteError(error);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new SearchError('SEARCH.UNAVAILABLE', 'The embedded search index is closed.');
  }
}
