import { readFileSync } from 'node:fs';
import { terms } from '../text-terms';
import shipped from './lay-terms.json';

/**
 * Lay terms as patients type them, each mapped to alternatives worded as NUCC taxonomy
 * displays ("heart doctor" -> "cardiovascular" or "cardiology"). A query phrase matching
 * a lay term matches either the phrase itself or any alternative.
 */
export type LayTerms = Record<string, string[]>;

/** Lay terms normalised for matching query terms against: phrase -> alternatives, all as term lists. */
export interface Synonyms {
  /** Keyed by the phrase's terms joined with one space. */
  readonly expansions: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** Words in the longest phrase, so matching tries no longer spans. */
  readonly longestPhrase: number;
}

/** The shipped list (synonyms/lay-terms.json), or the JSON file at `path` when given. */
export function loadLayTerms(path?: string): LayTerms {
  const layTerms: unknown = path ? JSON.parse(readFileSync(path, 'utf8')) : shipped;
  const valid =
    typeof layTerms === 'object' &&
    layTerms !== null &&
    Object.values(layTerms).every((alternatives) => Array.isArray(alternatives) && alternatives.every((a) => typeof a === 'string'));
  if (!valid) throw new Error(`Synonyms file ${path ?? 'lay-terms.json'} must map each phrase to an array of strings.`);
  return layTerms as LayTerms;
}

export function toSynonyms(layTerms: LayTerms): Synonyms {
  const expansions = new Map<string, string[][]>();
  let longestPhrase = 0;
  for (const [phrase, alternatives] of Object.entries(layTerms)) {
    const phraseTerms = terms(phrase);
    if (phraseTerms.length === 0) continue;
    longestPhrase = Math.max(longestPhrase, phraseTerms.length);
    const key = phraseTerms.join(' ');
    const known = expansions.get(key) ?? [];
    for (const alternative of alternatives) {
      const alternativeTerms = terms(alternative);
      if (alternativeTerms.length > 0) known.push(alternativeTerms);
    }
    expansions.set(key, known);
  }
  return { expansions, longestPhrase };
}
