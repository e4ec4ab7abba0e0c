import type { StateStore } from '@pds/store';

/** A source's page size as last measured by the probe, kept so that most runs need not measure it again. */
export interface MeasuredPageSize {
  /** The `_count` the probe asked for. */
  requestedPageSize: number;
  /** Entries a page held for it; null when one page held the whole type. */
  effectivePageSize: number | null;
  measuredAt: string;
}

const key = (sourceId: string) => `page-size/${sourceId}`;

/** Measured page sizes per source, in the state store. */
export class PageSizeCache {
  constructor(private readonly state: StateStore) {}

  /** The measurement to reuse for `requestedPageSize`, or null when there is none for it (the source's page size changed). */
  async reusable(sourceId: string, requestedPageSize: number): Promise<MeasuredPageSize | null> {
    const cached = await this.state.get<MeasuredPageSize>(key(sourceId));
    return cached?.requestedPageSize === requestedPageSize ? cached : null;
  }

  save(sourceId: string, measured: MeasuredPageSize): Promise<void> {
    return this.state.set(key(sourceId), measured);
  }

  /** Forgets the measurement, so the next run measures again. */
  forget(sourceId: string): Promise<void> {
    return this.state.delete(key(sourceId));
  }
}

/** One page as the crawl saw it, next to what the measurement predicts. */
export interface ObservedPage {
  /** The `_count` the page was asked with; null when its link had none (the server sizes it). */
  askedCount: number | null;
  /** Entries on the page. */
  entries: number;
  /** The `_count` of the page's `next` link; null when it has none or no `next` link. */
  nextCount: number | null;
  hasNext: boolean;
}

/**
 * True when a page shows the server paging otherwise than measured: a page that is not the last
 * holds more or fewer entries than the measurement predicts for its `_count`, or its `next` link
 * asks for another count. The last page of a type is short by nature and tells nothing.
 */
export function pagesDifferFrom(measured: MeasuredPageSize, page: ObservedPage): boolean {
  if (!page.hasNext) return false;
  if (page.askedCount !== null && page.nextCount !== null && page.nextCount !== page.askedCount) return true;
  const { effectivePageSize: effective, requestedPageSize: requested } = measured;
  // One page held the whole type when measured: a type now long enough to page is news.
  if (effective === null) return true;
  const asked = page.askedCount ?? requested;
  // A server that gave more than asked ignores `_count`; one that gave less caps it.
  const predicted = effective > requested ? effective : Math.min(asked, effective);
  return page.entries !== predicted;
}
