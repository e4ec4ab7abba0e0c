import type { SearchFilters } from '../search-query';
import { FILTER_FIELDS, FILTER_RULES, type FilterField, filterKey } from './document.fields';
import { EMPTY_POSTINGS, intersectAll, type PostingList, unionAll } from './posting-list.ops';
import type { Postings } from './postings';
import type { StringTable } from './string.table';

/** Inverted index from each filter field's values to ascending posting lists of document numbers. */
export class FilterIndex {
  private readonly keyNumbers = new Map<string, number>();

  constructor(
    keys: StringTable,
    private readonly postings: Postings,
  ) {
    for (let i = 0; i < keys.size; i++) this.keyNumbers.set(keys.get(i), i);
  }

  /** Documents matching every given field (values OR-ed within a field); null when nothing filters. */
  match(filters: SearchFilters | undefined): PostingList | null {
    if (!filters) return null;
    const perField: PostingList[] = [];
    for (const field of FILTER_FIELDS) {
      const values = asValues(filters[field]);
      if (values.length === 0) continue;
      const normalize = FILTER_RULES[field].normalize;
      perField.push(unionAll(values.map((value) => this.list(field, normalize(value)))));
    }
    return intersectAll(perField);
  }

  private list(field: FilterField, value: string): PostingList {
    const key = this.keyNumbers.get(filterKey(field, value));
    return key === undefined ? EMPTY_POSTINGS : this.postings.list(key);
  }
}

/** An absent filter or an empty value list does not constrain the match. */
function asValues(value: SearchFilters[FilterField]): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  return [String(value)];
}
