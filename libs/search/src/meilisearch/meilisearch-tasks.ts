import { type EnqueuedTask, type Meilisearch, MeilisearchTaskTimeOutError, type Task } from 'meilisearch';
import { failedTaskError, pendingTaskError } from './meilisearch.error';

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

  /**
   * Waits for each task in turn; the first that ended `failed` or `canceled` rejects, and one
   * still queued or running when the wait ends rejects as SEARCH.PENDING.
   */
  async succeeded(action: string, ...enqueued: EnqueuedTask[]): Promise<void> {
    // Meilisearch runs tasks in enqueue order, so waiting in order costs no extra time.
    for (const task of enqueued) {
      const finished = await this.ended(task, action);
      if (finished.status !== 'succeeded') throw failedTaskError(finished, action);
    }
  }

  private async ended(enqueued: EnqueuedTask, action: string): Promise<Task> {
    try {
      return await this.finished(enqueued);
    } catch (error) {
      if (!(error instanceof MeilisearchTaskTimeOutError)) throw error;
    }
    // It may have ended between the last poll and now.
    const task = await this.client.tasks.getTask(enqueued.taskUid);
    if (task.status === 'enqueued' || task.status === 'processing') throw pendingTaskError(task, action, this.timeoutMs);
    return task;
  }
}
