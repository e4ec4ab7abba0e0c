import { lowerBound } from '../sorted-words';
/** Called per dictionary word within the budget: its term number, typos counted, and whether the whole word matched (not only a prefix of it). */
export type TypoVisit = (term: number, typos: number, whole: boolean) => void;

/**
 * The dictionary's words (terms not starting with a digit), sorted by code unit, and their typo
 * derivations under Meilisearch's rules (`query_term/compute_derivations.rs`), so both engines
 * find the same words:
 * - distance is optimal string alignment: an adjacent transposition ("kracjik" for "krajcik")
 *   is one typo, as in Meilisearch's Levenshtein automata built with transpositions;
 * - with a budget of one typo the first letter must match;
 * - with two, a word with another first letter matches only within one edit and counts as two;
 * - a prefix term (the last word) also matches words that start within the budget of it.
 * Unlike Meilisearch, derivations are not capped (150 one-typo, 50 two-typo words).
 *
 * The walk visits the sorted words of the first letter's range once, reusing the edit-distance
 * rows of the prefix a word shares with the previous one (precomputed per word), and skips the
 * words below a prefix already over the budget by that table alone: it costs the words near
 * the query, not the dictionary.
 */
export class TypoWords {
  private rows = new Int32Array(0);
  private prefixBest = new Int32Array(0);
  /** Per word, how many leading code units it shares with the word before it (capped). */
  private readonly shared: Uint16Array;

  constructor(
    private readonly words: readonly string[],
    /** Term number of `words[0]`. */
    private readonly base: number,
  ) {
    this.shared = new Uint16Array(words.length);
    for (let i = 1; i < words.length; i++) {
      const [a, b] = [words[i - 1], words[i]];
      const limit = Math.min(a.length, b.length, 0xffff);
      let n = 0;
      while (n < limit && a.charCodeAt(n) === b.charCodeAt(n)) n++;
      this.shared[i] = n;
    }
  }

  derive(query: string, budget: number, prefix: boolean, visit: TypoVisit): void {
    if (budget <= 0 || query.length === 0) return;
    const first = String.fromCodePoint(query.codePointAt(0)!);
    const from = lowerBound(this.words, first, 0, this.words.length);
    const to = lowerBound(this.words, `${first}\uffff`, from, this.words.length);
    this.walk(query, budget, prefix, from, to, visit);
    if (budget >= 2) {
      const asTwo: TypoVisit = (term, _distance, whole) => visit(term, 2, whole);
      this.walk(query, 1, prefix, 0, from, asTwo);
      this.walk(query, 1, prefix, to, this.words.length, asTwo);
    }
  }

  /** Words in `[from, to)` at distance 1..budget (whole, or as a prefix when `prefix`). */
  private walk(query: string, budget: number, prefix: boolean, from: number, to: number, visit: TypoVisit): void {
    const width = query.length + 1;
    const { shared } = this;
    // Rows 0..computed of the word walked last are valid; the next word shares `shared[at]` of them.
    let computed = 0;
    this.reserve(width, 1);
    for (let i = 0; i <= query.length; i++) this.rows[i] = i;
    this.prefixBest[0] = query.length;
    for (let at = from; at < to; ) {
      const word = this.words[at];
      const depth = at === from ? 0 : Math.min(shared[at], computed);
      this.reserve(width, word.length + 1);
      const { rows, prefixBest } = this;
      let pruned = 0;
      for (let d = depth + 1; d <= word.length; d++) {
        const row = d * width;
        const above = row - width;
        const code = word.charCodeAt(d - 1);
        rows[row] = d;
        let least = d;
        for (let i = 1; i < width; i++) {
          const same = query.charCodeAt(i - 1) === code;
          let cost = Math.min(rows[above + i] + 1, rows[row + i - 1] + 1, rows[above + i - 1] + (same ? 0 : 1));
          if (i > 1 && d > 1 && !same && query.charCodeAt(i - 1) === word.charCodeAt(d - 2) && query.charCodeAt(i - 2) === code) {
            cost = Math.min(cost, rows[above - width + i - 2] + 1);
          }
          rows[row + i] = cost;
          if (cost < least) least = cost;
        }
        prefixBest[d] = Math.min(prefixBest[d - 1], rows[row + width - 1]);
        if (least > budget) {
          pruned = d;
          break;
        }
      }
      if (pruned > 0) {
        // Rows only grow past a row over the budget: no word under this prefix matches whole,
        // and as a prefix each matches exactly as this prefix does. The words under it follow
        // this one, each sharing at least `pruned` code units with the one before.
        computed = pruned - 1;
        let end = at + 1;
        while (end < to && shared[end] >= pruned) end++;
        const best = prefixBest[pruned];
        if (prefix && best >= 1 && best <= budget) for (let n = at; n < end; n++) visit(this.base + n, best, false);
        at = end;
        continue;
      }
      computed = word.length;
      const whole = rows[word.length * width + width - 1];
      const best = prefixBest[word.length];
      if (whole >= 1 && whole <= budget) visit(this.base + at, whole, true);
      else if (prefix && best >= 1 && best <= budget) visit(this.base + at, best, false);
      at++;
    }
  }

  /**
   * Grows the row buffers to hold `depths` rows of `width`, each on its own: a wide query over
   * short words needs more rows than a narrow one over long words did, but fewer depths.
   */
  private reserve(width: number, depths: number): void {
    if (this.rows.length < width * depths) this.rows = grown(this.rows, width * depths * 2);
    if (this.prefixBest.length < depths) this.prefixBest = grown(this.prefixBest, depths * 2);
  }
}

/** A copy of `buffer` `length` long (longer than it). */
function grown(buffer: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(length);
  copy.set(buffer);
  return copy;
}
