import { randomBytes } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import type { MeilisearchTasks } from './meilisearch-tasks';

/** Indexes listed per request while looking for orphans. */
const LIST_PAGE = 100;
/**
 * Only tasks finished longer ago than this are pruned: another process may still be about to
 * read the outcome of one it waits for (it looks every 50 ms).
 */
const PRUNE_FINISHED_BEFORE_MS = 60_000;

/**
 * What rebuilds leave behind on a Meilisearch server, and the names they use:
 * - build indexes are `<served>_build_<ms>_<random>`, so two rebuilds started within one
 *   millisecond (two workers) never share one;
 * - a build index nothing has written to for `orphanAfterMs` belongs to a rebuild that died
 *   (a crash between its creation and its commit or abort) and is dropped;
 * - finished tasks of the served index are deleted before each swap (those finished in the
 *   last minute excepted): a swap rewrites every earlier task that names either index, so
 *   they would make each swap slower.
 */
export class MeilisearchHousekeeping {
  constructor(
    private readonly client: Meilisearch,
    private readonly tasks: MeilisearchTasks,
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
    for (const uid of orphans) await this.tasks.succeeded(`delete orphaned index ${uid}`, await this.client.deleteIndex(uid));
    return orphans;
  }

  /** Deletes the tasks of the given indexes finished before the last minute, waiting for the deletion. */
  async pruneTasks(indexUids: string[], now = Date.now()): Promise<void> {
    const beforeFinishedAt = new Date(now - PRUNE_FINISHED_BEFORE_MS).toISOString();
    const deletion = await this.client.tasks.deleteTasks({ indexUids, statuses: ['succeeded', 'failed', 'canceled'], beforeFinishedAt });
    await this.tasks.succeeded(`delete finished tasks of ${indexUids.join(' and ')}`, deletion);
  }

  private buildPrefix(): string {
    return `${this.mainUid}_build_`;
  }
}
