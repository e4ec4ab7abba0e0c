import type { SourceSettings } from '@pds/harvest';
import { JobName, type JobQueue } from '@pds/jobs';

/** The scheduler id of a source's cron schedule (BullMQ job scheduler or in-process croner job). */
export const sourceSchedulerId = (sourceId: string): string => `source-${sourceId}`;

/**
 * Keeps each source's schedule in step with its settings: an enabled source with a cron
 * `schedule` gets a HarvestSource job on it; any other source has none. A paused source keeps
 * its schedule (the job skips it), so resuming needs no rescheduling.
 */
export class SourceSchedules {
  constructor(private readonly queue: JobQueue) {}

  async apply(settings: SourceSettings): Promise<void> {
    const schedulerId = sourceSchedulerId(settings.id);
    if (!settings.enabled || settings.schedule === null) return this.queue.unschedule(schedulerId);
    await this.queue.schedule(schedulerId, JobName.HarvestSource, { sourceId: settings.id }, { pattern: settings.schedule });
  }

  async applyAll(sources: SourceSettings[]): Promise<void> {
    for (const settings of sources) await this.apply(settings);
  }

  async remove(sourceId: string): Promise<void> {
    await this.queue.unschedule(sourceSchedulerId(sourceId));
  }
}
