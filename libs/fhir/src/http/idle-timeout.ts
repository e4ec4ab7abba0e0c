/**
 * An abort signal for one request: it fires after `idleMs` without `touch()`, after `overallMs`
 * in all however much data flows, or when `outer` (a run's deadline) aborts. Untouched it is a
 * plain timeout over the whole answer; touched on every chunk it lets a long download go on while
 * data keeps coming, until the overall limit ends an endless stream.
 */
export class IdleTimeout {
  private readonly controller = new AbortController();
  private readonly idleTimer: NodeJS.Timeout;
  private readonly overallTimer: NodeJS.Timeout;
  private readonly onOuterAbort = () => this.controller.abort(this.outer?.reason);
  /** Which limit fired, once one has. */
  fired: 'idle' | 'overall' | null = null;

  constructor(
    readonly ms: number,
    readonly overallMs: number,
    private readonly outer?: AbortSignal,
  ) {
    this.idleTimer = setTimeout(() => this.fire('idle', `no data for ${ms} ms`), ms);
    this.overallTimer = setTimeout(() => this.fire('overall', `not done within ${overallMs} ms`), overallMs);
    // A listener removed on clear, not AbortSignal.any: a run's deadline outlives many thousand requests.
    if (outer?.aborted) this.onOuterAbort();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    this.idleTimer.refresh();
  }

  clear(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.overallTimer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }

  /** Aborts the request now, e.g. when its reader walks away mid-body. */
  abort(): void {
    this.clear();
    this.controller.abort();
  }

  private fire(which: 'idle' | 'overall', message: string): void {
    this.fired = which;
    this.clear();
    this.controller.abort(new DOMException(message, 'TimeoutError'));
  }
}

/** True for the error fetch and body reads reject with when an `IdleTimeout` (or any timeout) fired. */
export function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}
