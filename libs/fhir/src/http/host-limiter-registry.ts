import { HostLimiter, type HostLimits } from './host-limiter';

/**
 * One `HostLimiter` per origin, shared by every client in the process that talks to it: two
 * sources on one payer host share its budget instead of each taking a full one. When they ask for
 * different limits, the stricter wins.
 */
export class HostLimiterRegistry {
  private readonly limiters = new Map<string, HostLimiter>();

  /** The limiter of `url`'s origin, tightened to `limits`. */
  forUrl(url: string, limits: HostLimits): HostLimiter {
    const origin = new URL(url).origin;
    const existing = this.limiters.get(origin);
    if (existing) {
      existing.tighten(limits);
      return existing;
    }
    const limiter = new HostLimiter(limits);
    this.limiters.set(origin, limiter);
    return limiter;
  }
}

/** The process-wide registry `FhirClient` uses unless given its own. */
export const hostLimiters = new HostLimiterRegistry();
