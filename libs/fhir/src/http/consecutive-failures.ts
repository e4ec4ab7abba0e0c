import { FhirFetchError } from '../fhir-fetch.error';

export interface ConsecutiveFailuresOptions {
  /** Failed requests in a row after which the source is paused. */
  pauseAfter: number;
}

/**
 * The health of one source as a circuit: counts requests that failed in a row (5xx, 429,
 * timeouts, resets, unreadable answers) and, after `pauseAfter` of them, stays open: every later
 * request fails at once with `paused` instead of hammering a source that is down.
 */
export class ConsecutiveFailures {
  private inARow = 0;
  private lastFailure: FhirFetchError | null = null;
  private open = false;

  constructor(private readonly options: ConsecutiveFailuresOptions) {}

  /** Failed requests in a row so far. */
  get failures(): number {
    return this.inARow;
  }

  /** True once the source is paused: no request goes out until `reset()`. */
  get paused(): boolean {
    return this.open;
  }

  /** Throws a `paused` error for a request to `url` when the circuit is open. */
  check(url: string): void {
    if (this.open) throw this.pausedError(url);
  }

  /** The source answered: the failures are no longer in a row. */
  recordSuccess(): void {
    if (!this.open) this.inARow = 0;
  }

  /** A request failed with `error`; throws a `paused` error when that makes `pauseAfter` in a row. */
  recordFailure(error: FhirFetchError): void {
    this.check(error.url);
    this.inARow++;
    this.lastFailure = error;
    if (this.inARow < this.options.pauseAfter) return;
    this.open = true;
    throw this.pausedError(error.url);
  }

  /** Closes the circuit, e.g. when an admin resumes the source. */
  reset(): void {
    this.inARow = 0;
    this.lastFailure = null;
    this.open = false;
  }

  private pausedError(url: string): FhirFetchError {
    const last = this.lastFailure?.reason ?? 'unknown';
    return new FhirFetchError('paused', url, `paused after ${this.inARow} consecutive failures: last was ${last}`, false, {
      cause: this.lastFailure,
    });
  }
}
