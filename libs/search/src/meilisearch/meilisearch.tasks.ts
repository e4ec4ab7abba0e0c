import type { EnqueuedTask, Meilisearch, Task } from 'meilisearch';
import { failedTaskError } from './meilisearch.errors';

/** Waits for enqueued Meilisearch tasks; only `succeeded` counts as done. */
export class MeilisearchTasks {
  constructor(
    private readonly client: Meilisearch,
    private readonly timeoutMs: number,
  ) {}

  /** The task once it has ended, whatever its status (callers that tolerate a failure use this). */
  finished(enqueued: EnqueuedTask): Promise<Task> {
    return this.client.tasks.waitForTask(enqueued.taskUid, { timeout: this.timeoutMs });
  }

  /** Waits for each task in turn; the first that ended `failed` or `canceled` rejects. */
  async succeeded(action: string, ...enqueued: EnqueuedTask[]): Promise<void> {
    // Meilisearch runs tasks in enqueue order, so waiting in order costs no extra time.
    for (const task of enqueued) {
      const finished = await this.finished(task);
      if (finished.status !== 'succeeded') throw failedTaskError(finished, action);
    }
  }
}
