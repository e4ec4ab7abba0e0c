import KDBush from 'kdbush';
import type { ProviderDocument } from '../provider-document';
import { FACET_FIELDS, type FacetField } from '../search-query';
import { terms } from '../text.terms';
import { FACET_VALUES, FILTER_FIELDS, FILTER_RULES, filterKey, TEXT_FIELDS } from './document.fields';
import type { FacetColumn, GenerationParts } from './generation.parts';
import { PostingsBuilder, U32Buffer } from './postings';
import { StringTable } from './string.table';

/** Strings numbered in order of first appearance. */
class Dictionary {
  readonly numbers = new Map<string, number>();
  readonly values: string[] = [];

  number(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.numbers.set(value, n);
      this.values.push(value);
    }
    return n;
  }
}

class FacetBuilder {
  readonly names = new Dictionary();
  readonly offsets: Uint32Array;
  readonly values = new U32Buffer();

  constructor(documents: number) {
    this.offsets = new Uint32Array(documents + 1);
  }

  add(num: number, values: readonly string[]): void {
    const seen = new Set<number>();
    for (const value of values) seen.add(this.names.number(value));
    for (const n of seen) this.values.push(n);
    this.offsets[num + 1] = this.values.length;
  }

  finish(): FacetColumn {
    return { names: StringTable.from(this.names.values), offsets: this.offsets, values: this.values.view().slice() };
  }
}

/**
 * Indexes documents given as JSON, in ascending id order (their position is their document
 * number). One document object exists at a time, so a million-document build keeps only
 * bytes and typed arrays.
 */
export function buildParts(ids: readonly string[], json: readonly Uint8Array[], updatedAt: Date | null): GenerationParts {
  const count = ids.length;
  const documents = StringTable.fromBuffers(json);
  const latitudes = new Float64Array(count).fill(NaN);
  const longitudes = new Float64Array(count).fill(NaN);
  const providerKeys = new Uint32Array(count);
  const providerKeyNumbers = new Dictionary();
  const filterKeys = new Dictionary();
  const filterPostings = new PostingsBuilder(false);
  const facets = Object.fromEntries(FACET_FIELDS.map((field) => [field, new FacetBuilder(count)])) as Record<FacetField, FacetBuilder>;
  const termNumbers = new Dictionary();
  const textPostings = new PostingsBuilder(true);
  const positioned = new U32Buffer();

  for (let num = 0; num < count; num++) {
    const document = JSON.parse(documents.get(num)) as ProviderDocument;
    const position = document.location.position;
    if (position) {
      latitudes[num] = position.latitude;
      longitudes[num] = position.longitude;
      positioned.push(num);
    }
    providerKeys[num] = providerKeyNumbers.number(document.providerKey);
    const keys = new Set<number>();
    for (const field of FILTER_FIELDS) {
      for (const value of FILTER_RULES[field].keys(document)) keys.add(filterKeys.number(filterKey(field, value)));
    }
    for (const key of keys) filterPostings.add(key, num);
    for (const field of FACET_FIELDS) facets[field].add(num, FACET_VALUES[field](document));
    // A term found in several fields counts once, with the best field's boost.
    const boosts = new Map<number, number>();
    for (const field of TEXT_FIELDS) {
      for (const term of terms(field.text(document))) {
        const n = termNumbers.number(term);
        if ((boosts.get(n) ?? 0) < field.boost) boosts.set(n, field.boost);
      }
    }
    for (const [term, boost] of boosts) textPostings.add(term, num, boost);
  }

  const sortedTerms = termNumbers.values.map((_, i) => i).sort((a, b) => (termNumbers.values[a] < termNumbers.values[b] ? -1 : 1));
  const renumber = new Uint32Array(sortedTerms.length);
  sortedTerms.forEach((original, rank) => (renumber[original] = rank));
  const geoItems = positioned.view().slice();
  return {
    updatedAt,
    ids: StringTable.from(ids),
    documents,
    latitudes,
    longitudes,
    geoTree: geoTree(geoItems, latitudes, longitudes),
    geoItems,
    providerKeys,
    filterKeys: StringTable.from(filterKeys.values),
    filterPostings: filterPostings.finish(filterKeys.values.length),
    facets: Object.fromEntries(FACET_FIELDS.map((field) => [field, facets[field].finish()])) as Record<FacetField, FacetColumn>,
    terms: StringTable.from(sortedTerms.map((i) => termNumbers.values[i])),
    textPostings: textPostings.finish(sortedTerms.length, renumber),
  };
}

function geoTree(items: Uint32Array, latitudes: Float64Array, longitudes: Float64Array): Uint8Array | null {
  if (items.length === 0) return null;
  const tree = new KDBush(items.length);
  for (const num of items) tree.add(longitudes[num], latitudes[num]);
  tree.finish();
  return new Uint8Array(tree.data);
}
