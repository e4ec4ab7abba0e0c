import { setTimeout as sleep } from 'node:timers/promises';
import { FhirFetchError } from '../fhir-fetch.error';

/** Longest delay a Node timer takes; beyond it a timer fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A point in time after which nothing more is sent for a run: every request is aborted then, and
 * every wait (a backoff, a Retry-After, an export's polling) is cut to the time left, so a run
 * ends when its time is up however long a server asks it to wait.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** Epoch ms. */
    readonly at: number,
    /** What the limit is, for the error: `the run's 360-minute limit (maxRunMinutes)`. */
    readonly what: string,
  ) {
    const fire = () => this.controller.abort(new DOMException(`${what} passed`, 'TimeoutError'));
    this.timer = setTimeout(fire, Math.min(Math.max(0, at - Date.now()), MAX_TIMER_MS));
    this.timer.unref();
  }

  /** Aborts when the deadline passes. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get passed(): boolean {
    return Date.now() >= this.at;
  }

  /** `ms`, or the time left when that is shorter. */
  clamp(ms: number): number {
    return Math.max(0, Math.min(ms, this.at - Date.now()));
  }

  /** The error a request to `url` fails with once the deadline passed: not retryable. */
  error(url: string): FhirFetchError {
    return new FhirFetchError('deadline', url, `stopped: ${this.what} passed`, false);
  }

  /** Throws `error(url)` once the deadline passed. */
  check(url: string): void {
    if (this.passed) throw this.error(url);
  }

  /** Sleeps `ms` or until the deadline, whichever comes first, then throws if it passed. */
  async sleep(ms: number, url: string): Promise<void> {
    await sleep(this.clamp(ms));
    this.check(url);
  }

  /** Stops the timer (the run ended first). */
  clear(): void {
    clearTimeout(this.timer);
  }
}
