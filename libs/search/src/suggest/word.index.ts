import SearchableMap from 'minisearch/SearchableMap';
import { terms, typoBudget } from '../text.terms';

/** How well an entry matched: every typed word found exactly, as a prefix, or only with typos. */
export const MATCH = { exact: 3, prefix: 2, typo: 1 } as const;

/**
 * A small in-memory word index over named entries (specialties, organizations): the typed
 * words must all be found among an entry's words, the last one also as a prefix, each within
 * the search text's typo budget. Answers with each matching entry's weakest word match, so a
 * caller can rank exact above prefix above typo matches.
 */
export class WordIndex {
  private readonly words = new SearchableMap<number[]>();

  /** `words[i]` are the texts entry i is found by (its name, its lay terms). */
  constructor(texts: readonly (readonly string[])[]) {
    texts.forEach((entryTexts, entry) => {
      for (const word of new Set(entryTexts.flatMap((text) => terms(text)))) {
        const entries = this.words.get(word);
        if (entries) entries.push(entry);
        else this.words.set(word, [entry]);
      }
    });
  }

  /** Entry number -> match quality ({@link MATCH}) of the entries matching every typed word. */
  match(text: string): Map<number, number> {
    const typed = terms(text);
    let result: Map<number, number> | null = null;
    typed.forEach((word, i) => {
      const found = this.lookup(word, i === typed.length - 1);
      const next = new Map<number, number>();
      for (const [entry, quality] of found) {
        if (result === null) next.set(entry, quality);
        else if (result.has(entry)) next.set(entry, Math.min(quality, result.get(entry)!));
      }
      result = next;
    });
    return result ?? new Map();
  }

  private lookup(word: string, prefix: boolean): Map<number, number> {
    const found = new Map<number, number>();
    const offer = (entries: readonly number[], quality: number): void => {
      for (const entry of entries) if ((found.get(entry) ?? 0) < quality) found.set(entry, quality);
    };
    const typos = typoBudget(word);
    if (typos > 0) {
      // Levenshtein counts a swap of two letters as two edits; looked up one wider, then kept by the swap-aware distance.
      for (const [candidate, [entries]] of this.words.fuzzyGet(word, typos + 1)) {
        if (osaDistance(word, candidate, typos) <= typos) offer(entries, MATCH.typo);
      }
    }
    if (prefix) for (const entries of this.words.atPrefix(word).values()) offer(entries, MATCH.prefix);
    const exact = this.words.get(word);
    if (exact) offer(exact, MATCH.exact);
    return found;
  }
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions, each one edit),
 * as Meilisearch counts typos; stops early once every path exceeds `max`.
 */
export function osaDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, before[j - 2] + 1);
      current.push(distance);
      best = Math.min(best, distance);
    }
    if (best > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}
