import type { ProviderDocument } from '../provider-document';
import type { SearchFilters } from '../search-query';
import { EMPTY_POSTINGS, intersectAll, type PostingList, unionAll } from './posting-list.ops';

type FilterField = keyof SearchFilters;

/** How one filter field reads a document and how a query value is normalised to match it. */
interface FieldRule {
  keys(document: ProviderDocument): readonly string[];
  normalize(value: string): string;
}

const exact = (value: string): string => value;
const ids = (named: readonly { id: string }[]): string[] => named.map((item) => item.id);
const flag = (value: boolean | null): string[] => (value === null ? [] : [String(value)]);

/**
 * Languages match case-insensitively, on the full tag or on its primary subtag: a filter
 * "es" matches "es" and "es-MX", a filter "es-MX" matches only "es-MX".
 */
function languageKeys(document: ProviderDocument): string[] {
  const keys: string[] = [];
  for (const tag of document.languages) {
    const full = tag.toLowerCase();
    keys.push(full, full.split('-')[0]);
  }
  return keys;
}

const RULES: Record<FilterField, FieldRule> = {
  specialties: { keys: (d) => d.specialties.map((s) => s.code), normalize: exact },
  networks: { keys: (d) => ids(d.networks), normalize: exact },
  plans: { keys: (d) => ids(d.plans), normalize: exact },
  payers: { keys: (d) => ids(d.payers), normalize: exact },
  organizations: { keys: (d) => (d.organization ? [d.organization.id] : []), normalize: exact },
  languages: { keys: languageKeys, normalize: (v) => v.toLowerCase() },
  gender: { keys: (d) => (d.gender === null ? [] : [d.gender]), normalize: exact },
  acceptingNewPatients: { keys: (d) => flag(d.acceptingNewPatients), normalize: exact },
  telehealth: { keys: (d) => flag(d.telehealth), normalize: exact },
  states: { keys: (d) => (d.location.address?.state ? [d.location.address.state.toUpperCase()] : []), normalize: (v) => v.toUpperCase() },
  postalCodes: { keys: (d) => (d.location.address?.postalCode ? [d.location.address.postalCode] : []), normalize: exact },
  kinds: { keys: (d) => [d.kind], normalize: exact },
};

const FIELDS = Object.keys(RULES) as FilterField[];

/** Inverted indexes from each filter field's values to posting lists of document numbers. */
export class FilterIndex {
  private constructor(private readonly postings: ReadonlyMap<FilterField, ReadonlyMap<string, PostingList>>) {}

  /** `documents` must be in document-number order, so each posting list comes out ascending. */
  static build(documents: readonly ProviderDocument[]): FilterIndex {
    const lists = new Map<FilterField, Map<string, number[]>>(FIELDS.map((field) => [field, new Map()]));
    // One pass over the documents, all fields at once: building is part of every restart.
    for (let num = 0; num < documents.length; num++) {
      for (const field of FIELDS) {
        const byKey = lists.get(field)!;
        for (const key of RULES[field].keys(documents[num])) {
          const list = byKey.get(key);
          if (!list) byKey.set(key, [num]);
          else if (list[list.length - 1] !== num) list.push(num);
        }
      }
    }
    const postings = new Map<FilterField, Map<string, PostingList>>();
    for (const [field, byKey] of lists) {
      const converted = new Map<string, PostingList>();
      for (const [key, list] of byKey) converted.set(key, Uint32Array.from(list));
      postings.set(field, converted);
    }
    return new FilterIndex(postings);
  }

  /** Documents matching every given field (values OR-ed within a field); null when nothing filters. */
  match(filters: SearchFilters | undefined): PostingList | null {
    if (!filters) return null;
    const perField: PostingList[] = [];
    for (const field of FIELDS) {
      const values = asValues(filters[field]);
      if (values.length === 0) continue;
      const byValue = this.postings.get(field);
      const rule = RULES[field];
      perField.push(unionAll(values.map((value) => byValue?.get(rule.normalize(value)) ?? EMPTY_POSTINGS)));
    }
    return intersectAll(perField);
  }
}

/** An absent filter or an empty value list does not constrain the match. */
function asValues(value: SearchFilters[FilterField]): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  return [String(value)];
}
