import type { ProviderDocument } from '@pds/search';

const SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;

/** Lower-cased, diacritic-free terms, split as the engines' tokenizers split. */
export function textTerms(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(SEPARATOR)
    .filter((token) => token.length > 0)
    .map((token) => token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
}

/** The searchable text fields, as the embedded engine indexes them (document-fields.ts). */
export function searchableTexts(document: ProviderDocument): Record<string, string> {
  return {
    name: document.name,
    familyName: document.familyName ?? '',
    specialtyText: document.specialties.map((s) => s.display ?? '').join(' '),
    npi: document.npi ?? '',
    organization: document.organization?.name ?? '',
    locationName: document.location.name ?? '',
    city: document.location.address?.city ?? '',
    postalCode: document.location.address?.postalCode ?? '',
  };
}

/** The typo budget: none for digits, 1 from 5 letters, 2 from 9. */
export function typoBudget(term: string): number {
  if (/^\d+$/.test(term)) return 0;
  if (term.length >= 9) return 2;
  return term.length >= 5 ? 1 : 0;
}

/** Whether the Levenshtein distance of a and b is at most k (banded, early exit). */
export function withinEdits(a: string, b: string, k: number): boolean {
  if (Math.abs(a.length - b.length) > k) return false;
  if (a === b) return true;
  if (k === 0) return false;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin > k) return false;
    [previous, current] = [current, previous];
  }
  return previous[b.length] <= k;
}
