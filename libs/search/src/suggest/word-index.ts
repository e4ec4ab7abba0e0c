import { TypoWords } from '../embedded/typo-words';
import { lowerBound } from '../sorted-words';
import { terms, typoBudget } from '../text-terms';

/** How well an entry matched: every typed word found exactly, as a prefix, or only with typos. */
export const MATCH = { exact: 3, prefix: 2, typo: 1 } as const;

/**
 * A small in-memory word index over named entries (specialties, organizations, the names of a
 * few search hits): the typed words must all be found among an entry's words, the last one also
 * as a prefix, each within the search text's typo budget under the engines' typo rules
 * (TypoWords: a swapped pair is one typo, the first letter counts). Answers with each matching
 * entry's weakest word match, so a caller can rank exact above prefix above typo matches.
 */
export class WordIndex {
  private readonly words: string[];
  /** Per word (sorted), the entries it belongs to. */
  private readonly entries: number[][];
  private readonly typos: TypoWords;

  /** `texts[i]` are the texts entry i is found by (its name, its lay terms). */
  constructor(texts: readonly (readonly string[])[]) {
    const byWord = new Map<string, number[]>();
    texts.forEach((entryTexts, entry) => {
      for (const word of new Set(entryTexts.flatMap((text) => terms(text)))) {
        const list = byWord.get(word);
        if (list) list.push(entry);
        else byWord.set(word, [entry]);
      }
    });
    this.words = [...byWord.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.entries = this.words.map((word) => byWord.get(word)!);
    this.typos = new TypoWords(this.words, 0);
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
    const offer = (at: number, quality: number): void => {
      for (const entry of this.entries[at]) if ((found.get(entry) ?? 0) < quality) found.set(entry, quality);
    };
    this.typos.derive(word, typoBudget(word), prefix, (at) => offer(at, MATCH.typo));
    const from = lowerBound(this.words, word);
    if (prefix) for (let at = from; at < this.words.length && this.words[at].startsWith(word); at++) offer(at, MATCH.prefix);
    if (this.words[from] === word) offer(from, MATCH.exact);
    return found;
  }
}
