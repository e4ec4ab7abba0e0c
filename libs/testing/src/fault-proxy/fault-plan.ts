import { SeededRandom } from '@pds/generator';

/** Every fault the proxy can inject, each one a way real payer endpoints misbehave. */
export const FAULT_KINDS = [
  'http-500',
  'http-502',
  'http-503',
  /** 429 Too Many Requests with Retry-After (see `FaultPlan.retryAfter`). */
  'throttle',
  /** 503 Service Unavailable with Retry-After. */
  'unavailable',
  /** No answer: the request is held (see `FaultPlan.holdMs`), then its connection dropped. */
  'timeout',
  /** The connection is destroyed before any answer. */
  'reset',
  /** The upstream answer, cut in the middle, ending cleanly as if whole. */
  'truncate',
  /** 200 with an HTML error page, as a gateway or login wall answers. */
  'html',
  /** 200 with JSON that is not a Bundle (an OperationOutcome). */
  'not-bundle',
  /** The Bundle's next link points at the page itself: a loop. */
  'loop-next',
  /** The Bundle's next link points at http://evil.example. */
  'cross-origin-next',
  /** The last page gets a next link to a page beyond `total`. */
  'next-after-last',
  /** The page's entries are served twice: more entries than `total` in all. */
  'extra-entries',
  /** The Bundle's next link is removed: the pages end early. */
  'drop-next',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults answered without asking the upstream server. */
export const UPSTREAM_FREE_FAULTS: ReadonlySet<FaultKind> = new Set(['http-500', 'http-502', 'http-503', 'throttle', 'unavailable', 'timeout', 'reset']);

/** What to break, how often and where. */
export interface FaultPlan {
  /** Chance (0 to 1) that a matching request gets each fault; together at most 1. */
  rates?: Partial<Record<FaultKind, number>>;
  /** Faults of the Nth matching request, counted from 1 since the plan was set: `{ 3: 'reset' }`. */
  at?: Record<number, FaultKind>;
  /** Only requests whose path and query match are faulted (`/PractitionerRole/`, no `g` flag); default all. */
  paths?: RegExp;
  /** Retry-After of `throttle` and `unavailable`: default 1 s, as delta-seconds. */
  retryAfter?: { seconds: number; form?: 'seconds' | 'http-date' };
  /** How long `timeout` holds a request before dropping its connection; default until close. */
  holdMs?: number;
}

/** Picks the fault of each request by the plan: the same seed and requests give the same faults. */
export class FaultPicker {
  private readonly random: SeededRandom;
  private matching = 0;

  constructor(
    private plan: FaultPlan,
    seed: number,
  ) {
    checkRates(plan);
    this.random = new SeededRandom(seed);
  }

  get current(): FaultPlan {
    return this.plan;
  }

  /** Replaces the plan; `at` counts again from the next request. */
  replace(plan: FaultPlan): void {
    checkRates(plan);
    this.plan = plan;
    this.matching = 0;
  }

  /** The fault for a request to `path` (path and query), or null to pass it through. */
  pick(path: string): FaultKind | null {
    if (this.plan.paths && !this.plan.paths.test(path)) return null;
    this.matching++;
    // Drawn for every matching request, so an `at` fault does not shift the faults that follow.
    let draw = this.random.next();
    const fixed = this.plan.at?.[this.matching];
    if (fixed) return fixed;
    for (const [kind, rate] of Object.entries(this.plan.rates ?? {}) as [FaultKind, number][]) {
      if (draw < rate) return kind;
      draw -= rate;
    }
    return null;
  }
}

function checkRates(plan: FaultPlan): void {
  const total = Object.values(plan.rates ?? {}).reduce((sum, rate) => sum + rate, 0);
  if (total > 1) throw new Error(`fault rates add up to ${total}, more than 1`);
}
