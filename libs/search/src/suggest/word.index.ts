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
    if (typos > 0) for (const [entries] of this.words.fuzzyGet(word, typos).values()) offer(entries, MATCH.typo);
    if (prefix) for (const entries of this.words.atPrefix(word).values()) offer(entries, MATCH.prefix);
    const exact = this.words.get(word);
    if (exact) offer(exact, MATCH.exact);
    return found;
  }
}
