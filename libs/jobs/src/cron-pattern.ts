import { Cron } from 'croner';

/**
 * 5 fields (minute precision) or 6 (seconds first): the patterns croner (in process) and BullMQ's
 * cron-parser (on Redis) read alike, so a schedule means the same in both modes.
 */
export const CRON_MODE = '5-or-6-parts';

/** True for a cron pattern that parses and fires at least once more (`0 0 31 2 *` never does). */
export function isCronPattern(pattern: string): boolean {
  try {
    const cron = new Cron(pattern, { paused: true, mode: CRON_MODE });
    const next = cron.nextRun();
    cron.stop();
    return next !== null;
  } catch {
    return false;
  }
}
