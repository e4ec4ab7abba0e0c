import type { Synonyms } from '../synonyms/synonyms';
import { terms, typoBudget } from '../text-terms';

export interface QueryTerm {
  text: string;
  prefix: boolean;
  typos: number;
}

/** Terms that must all match. */
export type Alternative = QueryTerm[];

/** Alternatives of which one must match: a query term, or a lay-term phrase and its expansions. */
export type Slot = Alternative[];

/**
 * A query text as slots that must all match. Only the last term matches as a prefix (it is
 * still being typed). A run of terms naming a lay term (longest first) becomes one slot:
 * the words themselves, or any of the lay term's NUCC wordings, matched exactly.
 */
export function parseQuery(text: string, synonyms: Synonyms): Slot[] {
  const words = terms(text);
  const literal = (word: string, at: number): QueryTerm => ({ text: word, prefix: at === words.length - 1, typos: typoBudget(word) });
  const slots: Slot[] = [];
  for (let at = 0; at < words.length; ) {
    let span = Math.min(synonyms.longestPhrase, words.length - at);
    for (; span > 0; span--) {
      const expansions = synonyms.expansions.get(words.slice(at, at + span).join(' '));
      if (!expansions) continue;
      const phrase = words.slice(at, at + span).map((word, i) => literal(word, at + i));
      slots.push([phrase, ...expansions.map((expansion) => expansion.map((word) => ({ text: word, prefix: false, typos: 0 })))]);
      break;
    }
    if (span === 0) {
      slots.push([[literal(words[at], at)]]);
      span = 1;
    }
    at += span;
  }
  return slots;
}
