import type { SearchFilters } from '../search-query';
import { FILTER_FIELDS, FILTER_RULES, type FilterField, filterKey } from './document-fields';
import { EMPTY_POSTINGS, intersectAll, type PostingList, toBitset, unionAll } from './posting-list-ops';
import type { Postings } from './postings';
import type { StringTable } from './string-table';

/**
 * The filters of a query: `list`, the documents every selective field allows (null: no such
 * field), and `broad`, membership tables of fields that allow most documents (the default
 * "practitioners only" does), tested on the final candidates instead of intersected (see
 * {@link FilterIndex.match}).
 */
export interface FilterMatch {
  list: PostingList | null;
  broad: Uint8Array[];
  /** `broad`'s fields as one posting list, for a query with nothing else to narrow it down. */
  broadList: PostingList | null;
}

/** A field allowing more than this share of the documents is tested per candidate, not intersected. */
const BROAD_SHARE = 0.5;
/** Membership tables kept per generation (a table is one byte per document). */
const BROAD_CACHE = 16;

/** Inverted index from each filter field's values to ascending posting lists of document numbers. */
export class FilterIndex {
  private readonly keyNumbers = new Map<string, number>();
  private readonly tables = new Map<string, Uint8Array>();

  constructor(
    keys: StringTable,
    private readonly postings: Postings,
    private readonly documents: number,
  ) {
    for (let i = 0; i < keys.size; i++) this.keyNumbers.set(keys.get(i), i);
  }

  /**
   * Documents matching every given field (values OR-ed within a field). A field whose values
   * cover most documents would turn a small geo or text match into a walk over nearly all of
   * them; it comes back as a membership table instead, to test the candidates against.
   */
  match(filters: SearchFilters | undefined): FilterMatch {
    const selective: PostingList[] = [];
    const broad: Uint8Array[] = [];
    const broadLists: PostingList[] = [];
    for (const field of FILTER_FIELDS) {
      const values = asValues(filters?.[field]);
      if (values.length === 0) continue;
      const normalize = FILTER_RULES[field].normalize;
      const normalized = [...new Set(values.map(normalize))].sort();
      const union = unionAll(normalized.map((value) => this.list(field, value)));
      if (union.length > this.documents * BROAD_SHARE) {
        broad.push(this.table(`${field}:${normalized.join('\u0000')}`, union));
        broadLists.push(union);
      } else {
        selective.push(union);
      }
    }
    return { list: intersectAll(selective), broad, broadList: intersectAll(broadLists) };
  }

  private table(key: string, union: PostingList): Uint8Array {
    let table = this.tables.get(key);
    if (!table) {
      if (this.tables.size >= BROAD_CACHE) this.tables.clear();
      table = toBitset(union, this.documents);
      this.tables.set(key, table);
    }
    return table;
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
