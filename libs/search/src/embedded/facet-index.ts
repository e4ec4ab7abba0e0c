import type { FacetCount, FacetField, SearchResult } from '../search-query';
import type { FacetColumn } from './generation-parts';

/**
 * Facet counts from per-document value columns: counting a match is one pass of array
 * increments, without reading any document.
 */
export class FacetIndex {
  private readonly names: Record<FacetField, readonly string[]>;
  private readonly ofAll = new Map<FacetField, FacetCount[]>();

  constructor(
    private readonly columns: Record<FacetField, FacetColumn>,
    private readonly documents: number,
  ) {
    const names: Partial<Record<FacetField, string[]>> = {};
    for (const [field, column] of Object.entries(columns) as [FacetField, FacetColumn][]) {
      names[field] = Array.from({ length: column.names.size }, (_, i) => column.names.get(i));
    }
    this.names = names as Record<FacetField, string[]>;
  }

  /**
   * How many matched documents (not just the page) carry each value, by count descending
   * then value; `matched` null means every document (counted once per generation).
   */
  count(matched: ArrayLike<number> | null, fields: readonly FacetField[]): SearchResult['facets'] {
    const facets: SearchResult['facets'] = {};
    for (const field of new Set(fields)) {
      if (matched) facets[field] = this.countField(field, matched);
      else {
        if (!this.ofAll.has(field)) this.ofAll.set(field, this.countField(field, null));
        // Copies, so a caller editing its result cannot corrupt the cache.
        facets[field] = this.ofAll.get(field)!.map((count) => ({ ...count }));
      }
    }
    return facets;
  }

  private countField(field: FacetField, matched: ArrayLike<number> | null): FacetCount[] {
    const { offsets, values } = this.columns[field];
    const names = this.names[field];
    const counts = new Uint32Array(names.length);
    const total = matched ? matched.length : this.documents;
    for (let i = 0; i < total; i++) {
      const num = matched ? matched[i] : i;
      for (let k = offsets[num]; k < offsets[num + 1]; k++) counts[values[k]]++;
    }
    const result: FacetCount[] = [];
    counts.forEach((count, value) => {
      if (count > 0) result.push({ value: names[value], count });
    });
    return result.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
}
