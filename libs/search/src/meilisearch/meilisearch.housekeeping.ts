import { randomBytes } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import type { MeilisearchIndexes } from './meilisearch.indexes';
import type { MeilisearchTasks } from './meilisearch.tasks';

/** Indexes listed per request while looking for orphans. */
const LIST_PAGE = 100;

/**
 * What rebuilds leave behind on a Meilisearch server, and the names they use:
 * - build indexes are `<served>_build_<ms>_<random>`, so two rebuilds started within one
 *   millisecond (two workers) never share one;
 * - a build index nothing has written to for `orphanAfterMs` belongs to a rebuild that died
 *   (a crash between its creation and its commit or abort) and is dropped;
 * - finished tasks of the served index are deleted before each swap: a swap rewrites every
 *   earlier task that names either index, so they would make each swap slower.
 */
export class MeilisearchHousekeeping {
  constructor(
    private readonly client: Meilisearch,
    private readonly tasks: MeilisearchTasks,
    private readonly indexes: MeilisearchIndexes,
    private readonly mainUid: string,
    private readonly orphanAfterMs: number,
  ) {}

  buildUid(): string {
    return `${this.buildPrefix()}${Date.now()}_${randomBytes(4).toString('hex')}`;
  }

  /** Drops build indexes untouched for `orphanAfterMs`; returns their uids. */
  async dropOrphans(now = Date.now()): Promise<string[]> {
    const orphans: string[] = [];
    for (let offset = 0; ; offset += LIST_PAGE) {
      const { results, total } = await this.client.getRawIndexes({ offset, limit: LIST_PAGE });
      for (const { uid, updatedAt } of results) {
        if (uid.startsWith(this.buildPrefix()) && now - Date.parse(String(updatedAt)) > this.orphanAfterMs) orphans.push(uid);
      }
      if (results.length === 0 || offset + LIST_PAGE >= total) break;
    }
    for (const uid of orphans) await this.indexes.delete(uid);
    return orphans;
  }

  /** Deletes the finished tasks of the given indexes, waiting for the deletion. */
  async pruneTasks(indexUids: string[]): Promise<void> {
    const deletion = await this.client.tasks.deleteTasks({ indexUids, statuses: ['succeeded', 'failed', 'canceled'] });
    await this.tasks.succeeded(`delete finished tasks of ${indexUids.join(' and ')}`, deletion);
  }

  private buildPrefix(): string {
    return `${this.mainUid}_build_`;
  }
}
