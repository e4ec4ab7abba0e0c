export interface PageSizeGovernorOptions {
  /** The source's configured page size: where the governor starts. */
  initial: number;
  /** Consecutive timeouts after which the page size halves (default 2). */
  halveAfterTimeouts?: number;
  /** The page size never goes below this (default 10, or `initial` when that is smaller). */
  minimum?: number;
}

/**
 * The `_count` to ask a source for. A server that times out on big pages often answers small
 * ones, so the size halves after repeated timeouts; it never grows back within a run, because a
 * size that timed out once is likely to time out again and each timeout costs a full wait.
 */
export class PageSizeGovernor {
  private size: number;
  private timeoutsInARow = 0;
  private readonly halveAfter: number;
  private minimum: number;

  constructor(options: PageSizeGovernorOptions) {
    this.size = options.initial;
    this.halveAfter = options.halveAfterTimeouts ?? 2;
    this.minimum = Math.min(options.minimum ?? 10, options.initial);
  }

  /** The page size to ask for now. */
  get pageSize(): number {
    return this.size;
  }

  /**
   * The server gives at most `size` entries a page whatever `_count` says: asking for more would
   * hide the cap from the halving below (halving 1000 to 500 changes nothing on a server capping at 50).
   */
  limitTo(size: number): void {
    if (size < 1 || size >= this.size) return;
    this.size = size;
    this.minimum = Math.min(this.minimum, size);
  }

  /** A request timed out; the size halves when that makes `halveAfterTimeouts` in a row. */
  recordTimeout(): void {
    this.timeoutsInARow++;
    if (this.timeoutsInARow < this.halveAfter) return;
    this.timeoutsInARow = 0;
    this.size = Math.max(this.minimum, Math.floor(this.size / 2));
  }

  /** The server answered (whatever it said): the timeouts are no longer in a row. */
  recordAnswer(): void {
    this.timeoutsInARow = 0;
  }
}
