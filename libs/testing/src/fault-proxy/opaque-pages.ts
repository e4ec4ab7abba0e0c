import { randomUUID } from 'node:crypto';

/** What the proxy answers for a page token it does not hold: HAPI's 410, or the 404 with an OperationOutcome some servers send. */
export type ExpiredPageAnswer = 410 | 404;

/** Where a page token leads: the upstream path and query to ask, or an expired token's answer. */
export type PageRequest = { upstream: string } | { expired: { status: ExpiredPageAnswer; body: string } };

/**
 * HAPI-style paging in front of a server that pages with `_offset`: the `next` link of every
 * Bundle becomes `{base}?_getpages={uuid}&_getpagesoffset={n}&_count={c}`, one uuid per search,
 * held only in this object's memory, so a restarted proxy has forgotten every search.
 */
export class OpaquePages {
  /** Search id to the upstream search (path and query without `_offset`). */
  private readonly searches = new Map<string, string>();

  constructor(private readonly expiredAnswer: ExpiredPageAnswer) {}

  /** The upstream request for a page token, or the answer to an unknown one; null when `path` is no page token. */
  resolve(path: string): PageRequest | null {
    const url = new URL(path, 'http://proxy');
    const id = url.searchParams.get('_getpages');
    if (id === null) return null;
    const search = this.searches.get(id);
    if (!search) return { expired: this.expired(id) };
    const upstream = new URL(search, 'http://proxy');
    upstream.searchParams.set('_offset', url.searchParams.get('_getpagesoffset') ?? '0');
    const count = url.searchParams.get('_count');
    if (count !== null) upstream.searchParams.set('_count', count);
    return { upstream: `${upstream.pathname}${upstream.search}` };
  }

  /**
   * Rewrites the `next` link of a search Bundle (already pointing at the proxy, under `base`) into
   * a page token; `token` is the one the request came with, so a search keeps its id while paged.
   */
  rewrite(body: string, base: string, token: string | null): string {
    let bundle: { resourceType?: unknown; link?: { relation?: string; url?: string }[] };
    try {
      bundle = JSON.parse(body) as typeof bundle;
    } catch {
      return body;
    }
    const next = bundle.resourceType === 'Bundle' ? bundle.link?.find((link) => link.relation === 'next') : undefined;
    if (!next?.url) return body;
    const upstream = new URL(next.url);
    const offset = upstream.searchParams.get('_offset') ?? '0';
    const count = upstream.searchParams.get('_count');
    upstream.searchParams.delete('_offset');
    const id = token ?? randomUUID();
    this.searches.set(id, `${upstream.pathname}${upstream.search}`);
    const opaque = new URLSearchParams({ _getpages: id, _getpagesoffset: offset });
    if (count !== null) opaque.set('_count', count);
    opaque.set('_bundletype', 'searchset');
    next.url = `${base}?${opaque}`;
    return JSON.stringify(bundle);
  }

  private expired(id: string): { status: ExpiredPageAnswer; body: string } {
    const text = `Search ID "${id}" does not exist and may have expired`;
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: text }] };
    return { status: this.expiredAnswer, body: JSON.stringify(outcome) };
  }
}
