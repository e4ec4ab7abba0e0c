import SearchableMap from 'minisearch/SearchableMap';
import type { Postings } from './postings';
import { EXACT, PER_TYPO, PREFIX, type PrefixTops } from './prefix.table';
import type { StringTable } from './string.table';

/** Dictionary terms answering one query term, each with its match weight. */
export interface TermMatches {
  terms: number[];
  weights: number[];
}

/**
 * The term dictionary and its weighted posting lists. Terms are sorted, so exact and prefix
 * lookups are binary searches over the table and a prefix is one contiguous run of term
 * numbers; typo matches walk MiniSearch's radix tree (SearchableMap) with a bounded edit
 * distance. Terms starting with a digit (NPIs, ZIP codes) stay out of the tree: they never
 * match with a typo.
 */
export class TextIndex {
  private readonly words = new SearchableMap<number>();
  private readonly wordsStart: number;

  constructor(
    private readonly terms: StringTable,
    readonly postings: Postings,
    private readonly prefixTops: PrefixTops,
  ) {
    // ':' follows '9': everything before it starts with a digit or a symbol.
    this.wordsStart = terms.lowerBound(':', 0, terms.size);
    for (let i = this.wordsStart; i < terms.size; i++) this.words.set(terms.get(i), i);
  }

  expand(term: string, prefix: boolean, typos: number): TermMatches {
    const found = new Map<number, number>();
    const offer = (n: number, weight: number): void => {
      if ((found.get(n) ?? 0) < weight) found.set(n, weight);
    };
    if (prefix) {
      const from = this.terms.lowerBound(term, 0, this.terms.size);
      const to = this.terms.lowerBound(`${term}\uffff`, from, this.terms.size);
      for (let n = from; n < to; n++) offer(n, PREFIX);
    }
    if (typos > 0) {
      for (const [n, distance] of this.words.fuzzyGet(term, typos).values()) offer(n, PER_TYPO[distance] ?? 0);
    }
    const exact = this.terms.indexOfSorted(term);
    if (exact >= 0) offer(exact, EXACT);
    return { terms: [...found.keys()], weights: [...found.values()] };
  }

  /** The precomputed answer of a lone prefix term (see PrefixTops), or null when there is none. */
  prefixTop(prefix: string): { count: number; docs: Uint32Array; scores: Float32Array } | null {
    const at = this.prefixTops.keys.indexOfSorted(prefix);
    if (at < 0) return null;
    const { counts, offsets, docs, scores } = this.prefixTops;
    return { count: counts[at], docs: docs.subarray(offsets[at], offsets[at + 1]), scores: scores.subarray(offsets[at], offsets[at + 1]) };
  }
}
