import type { EnqueuedTask } from 'meilisearch';
import type { ProviderDocument } from '../provider-document';
import type { IndexBuild } from '../search-index.port';
import { SearchError } from '../search.error';
import { toSearchError } from './meilisearch.error';
import type { MeilisearchHousekeeping } from './meilisearch-housekeeping';
import type { MeilisearchIndexes } from './meilisearch-indexes';
import type { MeilisearchTasks } from './meilisearch-tasks';

export interface MeilisearchIndexBuildDeps {
  indexes: MeilisearchIndexes;
  tasks: MeilisearchTasks;
  housekeeping: MeilisearchHousekeeping;
  /** The served index. */
  mainUid: string;
  /** The already created, configured index this build fills. */
  buildUid: string;
  /** Makes sure the served index exists, so there is something to swap with. */
  ensureMain(): Promise<void>;
}

/**
 * A rebuild into a separate index: `add` enqueues batches, `commit` waits for every one,
 * swaps the build in and drops the old contents (then under the build's uid).
 */
export class MeilisearchIndexBuild implements IndexBuild {
  private readonly enqueued: EnqueuedTask[] = [];
  /** The build is served; `buildUid` now names the old contents. */
  private swapped = false;
  /** Committed (old contents dropped) or aborted: nothing is left to do. */
  private finished = false;

  constructor(private readonly deps: MeilisearchIndexBuildDeps) {}

  async add(documents: ProviderDocument[]): Promise<void> {
    this.assertOpen('add to');
    try {
      this.enqueued.push(...(await this.deps.indexes.enqueueAdd(this.deps.buildUid, documents)));
    } catch (error) {
      throw toSearchError(error, `add to rebuild ${this.deps.buildUid}`);
    }
  }

  async commit(): Promise<void> {
    this.assertOpen('commit');
    const { indexes, tasks, mainUid, buildUid } = this.deps;
    try {
      // A failed batch must stop the swap: serving a partial index is worse than a stale one.
      await tasks.succeeded(`rebuild ${buildUid}`, ...this.enqueued);
      await this.deps.ensureMain();
      await this.deps.housekeeping.pruneTasks([mainUid, buildUid]);
      await indexes.swap(mainUid, buildUid);
      this.swapped = true;
      await indexes.delete(buildUid);
      this.finished = true;
    } catch (error) {
      throw toSearchError(error, `commit rebuild ${buildUid}`);
    }
  }

  /** Drops the build index, or, after a commit that failed once swapped, the old contents. */
  async abort(): Promise<void> {
    if (this.finished) return;
    try {
      await this.deps.indexes.delete(this.deps.buildUid);
      this.finished = true;
    } catch (error) {
      throw toSearchError(error, `abort rebuild ${this.deps.buildUid}`);
    }
  }

  private assertOpen(action: string): void {
    if (this.finished || this.swapped) {
      const message = `Cannot ${action} rebuild ${this.deps.buildUid}: it was already committed or aborted.`;
      throw new SearchError('SEARCH.FAILED', message);
    }
  }
}
