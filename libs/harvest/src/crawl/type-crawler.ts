import { type Bundle, type FetchedBundle, type FhirClient, FhirFetchError, type FhirResource, type PlanNetType, nextLink } from '@pds/fhir';
import type { ChangeCounts } from '@pds/store';
import type { QuarantinedResource, RepairedResource, TypeRunRecord } from '../run/run-record';
import type { ObservedPage } from '../run/page-size-cache';
import { emptyTypeRecord } from './type-record';
import { screenResource } from './resource-screen';

/** Where a crawl writes pages: a full pass (StorePass) or the live store (incremental upserts). */
export interface ResourceSink {
  /** Resolves to change counts when the sink can tell (incremental upserts), else to nothing. */
  put(resources: FhirResource[]): Promise<ChangeCounts | void>;
  putAliases(aliases: Record<string, string>): Promise<void>;
  /** Deletions a history Bundle reports, as `Type/id`. */
  remove?(refs: string[]): Promise<ChangeCounts>;
}

/** How far a type's crawl got: saved after every page so a killed worker resumes there. */
export interface TypeCrawlPosition {
  nextUrl: string | null;
  record: TypeRunRecord;
}

/** A page's entries in order: a resource, or (in history) a deletion with no resource. */
interface PageItem {
  id: string;
  resource: FhirResource | null;
  /** Counted at the id's first sighting, as `resources` is: a repeat or an older version is not counted again. */
  repair?: RepairedResource | null;
}

export interface CrawlOptions {
  /** The first page: a search URL, or the `nextUrl` of a checkpoint being resumed. */
  startUrl: string;
  /**
   * The type's first search page, where the crawl starts over when a `next` link has expired
   * (410, or 404 with an OperationOutcome); without it an expired link fails the crawl.
   */
  firstUrl?: string;
  /** The record so far, when resuming. */
  record?: TypeRunRecord;
  /** Called after each page is written, with where to go on from. */
  onPage?: (position: TypeCrawlPosition) => Promise<void>;
  /** A resource kept after its JSON types were repaired, with the reasons. */
  onRepair?: (resource: RepairedResource) => void;
  onQuarantine?: (resource: QuarantinedResource) => void;
  /** Called with each page's size and links, before it is written: the run compares them with the measured page size. */
  onPageShape?: (page: ObservedPage) => Promise<void>;
  /** The page size to ask for now; it shrinks when a server keeps timing out on big pages. */
  pageSize?: () => number;
  /** Pages the crawl may fetch when `Bundle.total` does not bound it more tightly (default 100,000). */
  maxPages?: number;
  /**
   * A `_history` crawl: entries are versions, newest first — the first seen per id wins, DELETE
   * entries remove, and `Bundle.total` counts versions, so it is not a completeness bound.
   */
  history?: boolean;
}

const DEFAULT_MAX_PAGES = 100_000;
const SPARE_PAGES = 10;
const SPARE_ENTRIES = 100;
/** Starts over per type and run: a server that forgets its searches faster than a crawl pages cannot loop the run forever. */
const MAX_CURSOR_RESTARTS = 3;

/**
 * Pages through one type by following `next` links and writes each page into a sink. Throws
 * when the crawl cannot be known to be complete: a refused or looping link, or fewer resources
 * than `Bundle.total` said — so an incomplete full pass is never committed.
 */
export class TypeCrawler {
  private readonly origin: string;

  constructor(
    private readonly client: FhirClient,
    private readonly sourceUrl: string,
  ) {
    this.origin = new URL(sourceUrl).origin;
  }

  async crawl(type: PlanNetType, sink: ResourceSink, options: CrawlOptions): Promise<TypeRunRecord> {
    const record = options.record ?? emptyTypeRecord();
    const visited = new Set<string>();
    // Distinct ids, so a resource served on two pages counts once against Bundle.total: a server
    // that repeats one and drops another must not look complete. (A resumed crawl starts afresh.)
    const seen = new Set<string>();
    let entries = 0;
    // Pages fetched before the crawl last started over do not count against this traversal's limit.
    let pagesBefore = 0;
    let mark = performance.now();
    let url: string | null = options.startUrl;
    while (url) {
      this.checkPageLimit(type, record, record.pages - pagesBefore, options.maxPages ?? DEFAULT_MAX_PAGES, url);
      visited.add(url);
      let fetched: FetchedBundle;
      const asked = withPageSize(url, options.pageSize?.());
      try {
        fetched = await this.client.getBundle(asked);
      } catch (error) {
        if (!this.mayStartOver(error, url, record, options)) throw error;
        startOver(type, record, error as FhirFetchError);
        visited.clear();
        seen.clear();
        entries = 0;
        pagesBefore = record.pages;
        url = options.firstUrl!;
        continue;
      }
      record.pages++;
      record.requests += fetched.attempts;
      record.retries += fetched.retries;
      record.throttled += fetched.throttled;
      record.bytes += fetched.bytes;
      if (record.serverTotal === null && typeof fetched.bundle.total === 'number') record.serverTotal = fetched.bundle.total;
      entries += fetched.bundle.entry?.length ?? 0;
      await options.onPageShape?.(pageShape(asked, fetched.bundle));
      this.checkEntryLimit(type, record, entries, url);
      const page = this.screenPage(fetched.bundle, type, record, options);
      const resources: FhirResource[] = [];
      const deleted: string[] = [];
      for (const item of page.items) {
        if (!firstSeen(seen, item.id)) continue;
        if (item.repair) {
          record.repaired++;
          options.onRepair?.(item.repair);
        }
        if (item.resource) resources.push(item.resource);
        else deleted.push(item.id);
      }
      const { aliases } = page;
      const counts = await sink.put(resources);
      if (counts) addCounts(record, counts);
      if (deleted.length > 0 && sink.remove) addCounts(record, await sink.remove(deleted.map((id) => `${type}/${id}`)));
      if (Object.keys(aliases).length > 0) await sink.putAliases(aliases);
      record.resources += resources.length;
      url = this.followable(nextLink(fetched.bundle), visited);
      const now = performance.now();
      record.seconds += (now - mark) / 1000;
      mark = now;
      await options.onPage?.({ nextUrl: url, record });
    }
    const bounded = !options.history && record.serverTotal !== null;
    if (bounded && record.resources + record.quarantined < record.serverTotal!) {
      throw new FhirFetchError(
        'refused-link',
        `${this.sourceUrl}/${type}`,
        `${type}: the server reported ${record.serverTotal} resources but the pages ended after ${record.resources}`,
        false,
      );
    }
    record.complete = true;
    return record;
  }

  /**
   * Endless distinct `next` links must end: with `Bundle.total` known, a page must bring a
   * resource on average (a few spare for empty pages at the end); else `maxPages` bounds it.
   * Checked before a page is fetched, so the run fails and its pass is dropped, deleting nothing.
   */
  private checkPageLimit(type: PlanNetType, record: TypeRunRecord, pages: number, maxPages: number, url: string): void {
    const total = record.serverTotal;
    const byTotal = total === null ? Number.POSITIVE_INFINITY : total + SPARE_PAGES;
    if (pages < Math.min(maxPages, byTotal)) return;
    const why =
      byTotal < maxPages
        ? `the server reported ${total} resources, so more than ${byTotal} pages cannot be right`
        : `more than ${maxPages} pages (maxPagesPerType)`;
    throw new FhirFetchError('over-limit', url, `${type}: stopped after ${pages} pages: ${why}`, false);
  }

  /** An expired `next` link (not the first page itself, which expires nothing) with restarts left. */
  private mayStartOver(error: unknown, url: string, record: TypeRunRecord, options: CrawlOptions): boolean {
    if (!(error instanceof FhirFetchError) || error.failure !== 'gone') return false;
    if (!options.firstUrl || sameUrl(url, options.firstUrl)) return false;
    return record.cursorExpired < MAX_CURSOR_RESTARTS;
  }

  /** Entries past twice `Bundle.total` (repeats allowed, a flood not) fail the crawl before they are written. */
  private checkEntryLimit(type: PlanNetType, record: TypeRunRecord, entries: number, url: string): void {
    const total = record.serverTotal;
    if (total === null || entries <= 2 * total + SPARE_ENTRIES) return;
    const reason = `${type}: the pages held ${entries} entries, more than twice the ${total} resources the server reported`;
    throw new FhirFetchError('over-limit', url, reason, false);
  }

  private screenPage(
    bundle: Bundle,
    type: PlanNetType,
    record: TypeRunRecord,
    options: CrawlOptions,
  ): { items: PageItem[]; aliases: Record<string, string> } {
    const items: PageItem[] = [];
    const aliases: Record<string, string> = {};
    for (const entry of bundle.entry ?? []) {
      if (entry.search?.mode === 'include' || entry.search?.mode === 'outcome') continue;
      const deletedId = options.history && entry.request?.method === 'DELETE' ? deletedIdOf(entry.request.url, type) : null;
      if (deletedId) {
        items.push({ id: deletedId, resource: null });
        continue;
      }
      const screened = screenResource(entry.resource, type);
      if (screened.quarantine) {
        record.quarantined++;
        options.onQuarantine?.(screened.quarantine);
        continue;
      }
      const resource = screened.resource!;
      items.push({ id: resource.id, resource, repair: screened.repair });
      const canonical = `${this.sourceUrl}/${type}/${resource.id}`;
      if (entry.fullUrl && entry.fullUrl !== canonical) aliases[entry.fullUrl] = `${type}/${resource.id}`;
    }
    return { items, aliases };
  }

  /** Refuses links that would leave the source (no SSRF through a payer) or loop back. */
  private followable(next: string | null, visited: Set<string>): string | null {
    if (next === null) return null;
    let resolved: URL;
    try {
      // Relative links are relative to the base URL, which must end in a slash to keep its path.
      resolved = new URL(next, `${this.sourceUrl}/`);
    } catch {
      throw new FhirFetchError('refused-link', next, 'the next link is not a URL', false);
    }
    if (resolved.origin !== this.origin) {
      throw new FhirFetchError('refused-link', next, `the next link leaves the source's origin ${this.origin}`, false);
    }
    if (visited.has(resolved.toString())) {
      throw new FhirFetchError('refused-link', next, 'the next link loops back to a page already fetched', false);
    }
    return resolved.toString();
  }
}

/**
 * Counts the expired link and forgets this traversal's tallies: the next one counts resources and
 * reads `Bundle.total` afresh. What it cost (requests, pages, bytes) stays; what was written stays
 * in the sink, keyed by id, so a full pass still deletes only what the complete traversal missed.
 */
function startOver(type: PlanNetType, record: TypeRunRecord, error: FhirFetchError): void {
  record.requests += error.counters?.attempts ?? 1;
  record.cursorExpired++;
  record.cursorExpiredReason = `${type}: ${error.reason} (${error.url}); crawled again from its first page`;
  record.resources = 0;
  record.quarantined = 0;
  record.repaired = 0;
  record.serverTotal = null;
}

function pageShape(asked: string, bundle: Bundle): ObservedPage {
  const next = nextLink(bundle);
  return {
    askedCount: countOf(asked),
    entries: bundle.entry?.length ?? 0,
    nextCount: next === null ? null : countOf(next),
    hasNext: next !== null,
  };
}

function countOf(url: string): number | null {
  const count = /[?&]_count=(\d+)/.exec(url);
  return count ? Number(count[1]) : null;
}

function sameUrl(a: string, b: string): boolean {
  return new URL(a).toString() === new URL(b).toString();
}

/**
 * True the first time an id is seen in this crawl. In a history crawl later sightings are older
 * versions (newest come first); in a search they are repeats.
 */
function firstSeen(seen: Set<string>, id: string): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
}

/** `Type/id` (optionally `/_history/n`) of a DELETE history entry, when it names this type. */
function deletedIdOf(url: string | undefined, type: PlanNetType): string | null {
  const match = /(?:^|\/)([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(url ?? '');
  return match && match[1] === type ? match[2] : null;
}

/** Asks for `pageSize` on a page whose link carries `_count`; links without one are the server's to size. */
function withPageSize(url: string, pageSize: number | undefined): string {
  if (pageSize === undefined) return url;
  const parsed = new URL(url);
  if (!parsed.searchParams.has('_count')) return url;
  parsed.searchParams.set('_count', String(pageSize));
  return parsed.toString();
}

function addCounts(record: TypeRunRecord, counts: ChangeCounts): void {
  record.added += counts.added;
  record.updated += counts.updated;
  record.unchanged += counts.unchanged;
  record.deleted += counts.deleted;
}
