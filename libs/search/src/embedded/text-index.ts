import type { Postings } from './postings';
import { EXACT, PER_TYPO, PREFIX, type PrefixTops } from './prefix-table';
import type { StringTable } from './string-table';
import { TypoWords } from './typo-words';

/** Dictionary terms answering one query term, each with its match weight. */
export interface TermMatches {
  terms: number[];
  weights: number[];
}

/**
 * The term dictionary and its weighted posting lists. Terms are sorted, so exact and prefix
 * lookups are binary searches over the table and a prefix is one contiguous run of term
 * numbers; typo matches walk the words with a bounded edit distance (see TypoWords). Terms
 * starting with a digit (NPIs, ZIP codes) are not words: they never match with a typo.
 */
export class TextIndex {
  private readonly words: TypoWords;

  constructor(
    private readonly terms: StringTable,
    readonly postings: Postings,
    private readonly prefixTops: PrefixTops,
  ) {
    // ':' follows '9': everything before it starts with a digit or a symbol.
    const wordsStart = terms.lowerBound(':', 0, terms.size);
    const words: string[] = [];
    for (let i = wordsStart; i < terms.size; i++) words.push(terms.get(i));
    this.words = new TypoWords(words, wordsStart);
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
    // A word that only starts within the budget (the last term, being typed) weighs as a prefix.
    this.words.derive(term, typos, prefix, (n, distance, whole) => offer(n, whole ? PER_TYPO[distance] : PER_TYPO[distance] * PREFIX));
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
