/** Splits on white space and punctuation, as MiniSearch and Meilisearch's default tokenizers do. */
const SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;

/** Lower-case and strip diacritics, so "José" and "jose" index and match alike. */
export function normalizeTerm(term: string): string {
  // Printable ASCII has nothing to decompose or strip (the common case, and the cheap one).
  if (!NON_ASCII.test(term)) return term.toLowerCase();
  return term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const NON_ASCII = /[^ -~]/;

/** The normalised, non-empty terms of a text. */
export function terms(text: string | null | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const token of text.split(SEPARATOR)) {
    if (token.length > 0) out.push(normalizeTerm(token));
  }
  return out;
}

/** Typo budget per query term: none for digits (NPI, ZIP), 1 from 5 letters, 2 from 9. */
export function typoBudget(term: string): number {
  if (/^\d+$/.test(term)) return 0;
  if (term.length >= 9) return 2;
  return term.length >= 5 ? 1 : 0;
}

/** Meilisearch ignores every query word after the 10th (`words_limit` in milli's search/mod.rs). */
export const MAX_QUERY_WORDS = 10;
