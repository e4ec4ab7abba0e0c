import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '@pds/config';

/**
 * Runs `stop` on the first SIGTERM or SIGINT, then exits 0; exits 1 when it fails. A second
 * signal is ignored: it must not cut the grace the first one gave requests or jobs in flight.
 */
export function onShutdownSignals(logger: Logger, stop: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

/**
 * Whether `work` finished within `graceMs`. Past the grace the caller exits and so cuts it: a
 * harvest keeps its checkpoint and a rebuild its old generation, as after a crash. The timer is
 * unref'd, so it never keeps the process alive by itself.
 */
export function finishesWithin(work: Promise<unknown>, graceMs: number): Promise<boolean> {
  return Promise.race([work.then(() => true), delay(graceMs, false, { ref: false })]);
}
