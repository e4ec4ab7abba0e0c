/**
 * An abort signal that fires after `ms` without `touch()`. Untouched it is a plain timeout over
 * the whole answer; touched on every chunk it lets a long download go on while data keeps coming.
 */
export class IdleTimeout {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.timer = setTimeout(() => this.controller.abort(new DOMException(`no data for ${ms} ms`, 'TimeoutError')), ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    this.timer.refresh();
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  /** Aborts the request now, e.g. when its reader walks away mid-body. */
  abort(): void {
    this.clear();
    this.controller.abort();
  }
}

/** True for the error fetch and body reads reject with when an `IdleTimeout` (or any timeout) fired. */
export function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}
