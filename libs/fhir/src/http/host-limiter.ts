import { sleepUntil } from './backoff-policy';

/** How hard one host may be asked: requests started per second and requests in flight. */
export interface HostLimits {
  /** Starts are spaced 1000 / requestsPerSecond ms apart (no bursts); Infinity: no spacing. */
  requestsPerSecond: number;
  /** Requests in flight at once; Infinity: no limit. */
  concurrency: number;
}

/** Gives back a slot taken with `HostLimiter.acquire`. */
export type ReleaseSlot = () => void;

/**
 * Politeness towards one host: spaces request starts evenly and caps requests in flight. A wait
 * the host asked for (Retry-After) holds every request to it, not only the one that was told.
 */
export class HostLimiter {
  private inFlight = 0;
  private readonly queue: (() => void)[] = [];
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private holdUntil = 0;

  constructor(private limits: HostLimits) {}

  /** The limits in force: the strictest any client of the host asked for. */
  get current(): Readonly<HostLimits> {
    return this.limits;
  }

  /** Tightens the limits to the stricter of the current ones and `limits`. */
  tighten(limits: HostLimits): void {
    this.limits = {
      requestsPerSecond: Math.min(this.limits.requestsPerSecond, limits.requestsPerSecond),
      concurrency: Math.min(this.limits.concurrency, limits.concurrency),
    };
  }

  /** When the host asked to be left alone until (ms since the epoch); 0 if it never did. */
  get pausedUntil(): number {
    return this.holdUntil;
  }

  /** Holds every request to this host until `until` (ms since the epoch). */
  pauseUntil(until: number): void {
    this.holdUntil = Math.max(this.holdUntil, until);
  }

  /** Waits for a slot and for this request's turn to start; call the result when the request is done. */
  async acquire(): Promise<ReleaseSlot> {
    if (this.inFlight >= this.limits.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.inFlight++;
    await this.waitForTurn();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot take it in between.
      if (next) next();
      else this.inFlight--;
    };
  }

  private async waitForTurn(): Promise<void> {
    // Spacing is measured between actual starts, so requests held up by a busy event loop do not
    // go out in a burst to catch up; whoever wakes first at a turn takes it, the others wait on.
    for (;;) {
      const now = Date.now();
      const turn = Math.max(this.lastStartAt + this.spacingMs(), this.holdUntil);
      if (now >= turn) {
        this.lastStartAt = now;
        return;
      }
      await sleepUntil(turn);
    }
  }

  private spacingMs(): number {
    return 1000 / this.limits.requestsPerSecond;
  }
}
