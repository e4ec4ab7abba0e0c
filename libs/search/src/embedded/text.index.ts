import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { ProviderDocument } from '../provider-document';

const FIELDS = ['name', 'familyName', 'specialties', 'organization', 'locationName', 'city', 'npi'] as const;
type TextField = (typeof FIELDS)[number];

function extractField(document: ProviderDocument, field: string): string | null {
  switch (field as TextField | 'id') {
    case 'name':
      return document.name;
    case 'familyName':
      return document.familyName;
    case 'specialties':
      return document.specialties.map((s) => s.display ?? '').join(' ');
    case 'organization':
      return document.organization?.name ?? null;
    case 'locationName':
      return document.location.name;
    case 'city':
      return document.location.address?.city ?? null;
    case 'npi':
      return document.npi;
    case 'id':
      return document.id;
    default:
      return null;
  }
}

/** Lower-case and strip diacritics, so "José" and "jose" index alike. */
function processTerm(term: string): string {
  return term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Typo budget per query term: none for digits (NPI, ZIP), 1 from 5 letters, 2 from 9. */
export function typoBudget(term: string): number {
  if (/^\d+$/.test(term)) return 0;
  if (term.length >= 9) return 2;
  return term.length >= 5 ? 1 : 0;
}

const SEARCH_OPTIONS: SearchOptions = {
  combineWith: 'AND',
  // Only the last term is still being typed in a search box.
  prefix: (_term, index, terms) => index === terms.length - 1,
  fuzzy: (term) => typoBudget(term),
  boost: { name: 3, familyName: 3, specialties: 2, npi: 2 },
};

const OPTIONS: Options<ProviderDocument> = {
  idField: 'id',
  fields: [...FIELDS],
  storeFields: [],
  extractField: (document, field) => extractField(document, field),
  processTerm,
  searchOptions: SEARCH_OPTIONS,
};

/** Scored text matches by document id, best first. */
export interface TextMatches {
  ids: string[];
  scores: number[];
}

/**
 * Full-text index over names, specialties, organization, location and NPI (MiniSearch),
 * keyed by document id so document numbers can be reassigned per generation.
 */
export class TextIndex {
  private constructor(private readonly engine: MiniSearch<ProviderDocument>) {}

  static empty(): TextIndex {
    return new TextIndex(new MiniSearch(OPTIONS));
  }

  /** Restores an index serialised by {@link TextIndex.toJSON}; faster than re-indexing. */
  static fromJSON(json: string): TextIndex {
    return new TextIndex(MiniSearch.loadJSON(json, OPTIONS));
  }

  /** Adds or replaces a document by id. */
  put(document: ProviderDocument): void {
    if (this.engine.has(document.id)) this.engine.replace(document);
    else this.engine.add(document);
  }

  remove(id: string): void {
    if (this.engine.has(id)) this.engine.discard(id);
  }

  /** True when `text` holds no searchable term (blank or punctuation only). */
  static isBlank(text: string | undefined): boolean {
    return !text || MiniSearch.getDefault('tokenize')(text).every((token: string) => token.length === 0);
  }

  search(text: string): TextMatches {
    const results = this.engine.search(text);
    return { ids: results.map((r) => r.id as string), scores: results.map((r) => r.score) };
  }

  toJSON(): string {
    return JSON.stringify(this.engine);
  }
}
