/**
 * Small JSON records the service keeps between runs and across processes: harvest checkpoints,
 * run records, source settings, held deletions, index cursors and update records. Keys are
 * `/`-separated paths (`runs/<source>/<run>`); values are plain JSON. Adapters: files under
 * DATA_DIR and Redis.
 */
export interface StateStore {
  get<T>(key: string): Promise<T | null>;
  /** Replaces the value at once: a reader sees the old or the new value, never a torn one. */
  set<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix (`runs/<source>/`), sorted. */
  list(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export const STATE_STORE = Symbol('StateStore');

const KEY = /^[A-Za-z0-9_.~%-]+(\/[A-Za-z0-9_.~%-]+)*$/;

/** Keys are paths of URL-safe segments; encode free text (a source URL) with encodeURIComponent. */
export function assertStateKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new Error(`invalid state key "${key}": use /-separated segments of letters, digits and _ . ~ % -`);
  }
}
