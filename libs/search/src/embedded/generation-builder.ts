import KDBush from 'kdbush';
import { CatalogTally } from '../directory-catalog';
import type { ProviderDocument } from '../provider-document';
import { FACET_FIELDS, type FacetField } from '../search-query';
import { terms } from '../text-terms';
import { MemoryDocumentSink } from './memory-documents';
import { FACET_VALUES, FILTER_FIELDS, FILTER_RULES, filterKey, TEXT_FIELDS } from './document-fields';
import type { FacetColumn, GenerationParts } from './generation-parts';
import { F64Buffer, postingsOf, type SlotRuns, U32Buffer } from './postings';
import { buildPrefixTops } from './prefix-table';
import { StringTable } from './string-table';

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

/** Per slot, a run of numbers in one flat buffer: `values[starts[slot] .. starts[slot + 1])`. */
class Runs {
  readonly starts = new U32Buffer();
  readonly values = new U32Buffer();

  constructor() {
    this.starts.push(0);
  }

  /** Ends the current slot's run. */
  close(): void {
    this.starts.push(this.values.length);
  }

  view(): SlotRuns {
    return { starts: this.starts.view(), values: this.values.view() };
  }
}

/** Where a build's document JSON goes: the build's file (DocumentSpill), or memory (MemoryDocumentSink). */
export interface DocumentSink {
  addString(json: string): void;
  addBytes(json: Uint8Array): void;
  /** The documents of the given slots, `order[num]` being document `num`'s slot. */
  inOrder(order: ArrayLike<number>): GenerationParts['documents'];
}

/**
 * Indexes documents as they arrive, each into a slot of compact per-slot records (numbers
 * into shared dictionaries, no object kept), and assembles a generation from the slots in
 * the order given at the end (ascending id: a document's position is its document number).
 * The document object is read once, when it is added; a million-document build keeps
 * bytes and typed arrays only.
 */
export class GenerationBuilder {
  private readonly latitudes = new F64Buffer();
  private readonly longitudes = new F64Buffer();
  private readonly providerKeys = new U32Buffer();
  private readonly providerKeyNumbers = new Dictionary();
  private readonly filterKeys = new Dictionary();
  /** Per filter field, value -> key number, so a lookup needs no `field:value` string. */
  private readonly filterKeyNumbers = new Map<string, Map<string, number>>();
  private readonly filters = new Runs();
  private readonly facetNames = Object.fromEntries(FACET_FIELDS.map((field) => [field, new Dictionary()])) as Record<FacetField, Dictionary>;
  private readonly facets = Object.fromEntries(FACET_FIELDS.map((field) => [field, new Runs()])) as Record<FacetField, Runs>;
  private readonly termNumbers = new Dictionary();
  /** Per slot, (term number, boost) pairs. */
  private readonly text = new Runs();
  private readonly catalog = new CatalogTally();
  /** Per slot, its catalog entries (counted at the end, for the slots that are kept). */
  private readonly catalogEntries = new Runs();
  private readonly slotProviderKeys: string[] = [];
  private slots = 0;

  constructor(private readonly json: DocumentSink = new MemoryDocumentSink()) {}

  /** Adds a document with its JSON (a string, or its UTF-8 bytes); returns its slot. */
  add(document: ProviderDocument, json: string | Uint8Array): number {
    if (typeof json === 'string') this.json.addString(json);
    else this.json.addBytes(json);
    const position = document.location.position;
    this.latitudes.push(position ? position.latitude : NaN);
    this.longitudes.push(position ? position.longitude : NaN);
    this.providerKeys.push(this.providerKeyNumbers.number(document.providerKey));
    const keys = new Set<number>();
    for (const field of FILTER_FIELDS) {
      for (const value of FILTER_RULES[field].keys(document)) keys.add(this.filterKey(field, value));
    }
    for (const key of keys) this.filters.values.push(key);
    this.filters.close();
    for (const field of FACET_FIELDS) {
      const seen = new Set<number>();
      for (const value of FACET_VALUES[field](document)) seen.add(this.facetNames[field].number(value));
      for (const n of seen) this.facets[field].values.push(n);
      this.facets[field].close();
    }
    // A term found in several fields counts once, with the best field's boost.
    const boosts = new Map<number, number>();
    for (const field of TEXT_FIELDS) {
      for (const term of terms(field.text(document))) {
        const n = this.termNumbers.number(term);
        if ((boosts.get(n) ?? 0) < field.boost) boosts.set(n, field.boost);
      }
    }
    for (const [term, boost] of boosts) {
      this.text.values.push(term);
      this.text.values.push(boost);
    }
    this.text.close();
    this.catalog.entries(document, this.catalogEntries.values);
    this.catalogEntries.close();
    this.slotProviderKeys.push(document.providerKey);
    return this.slots++;
  }

  /** The generation of the given slots, `order[num]` being document `num`'s slot. */
  finish(ids: readonly string[], order: ArrayLike<number>, updatedAt: Date | null): GenerationParts {
    const count = order.length;
    const latitudes = new Float64Array(count);
    const longitudes = new Float64Array(count);
    const providerKeys = new Uint32Array(count);
    const positioned = new U32Buffer();
    const slotKeys = this.providerKeys.view();
    for (let num = 0; num < count; num++) {
      const slot = order[num];
      latitudes[num] = this.latitudes.get(slot);
      longitudes[num] = this.longitudes.get(slot);
      if (!Number.isNaN(latitudes[num])) positioned.push(num);
      providerKeys[num] = slotKeys[slot];
    }
    const facets = Object.fromEntries(FACET_FIELDS.map((field) => [field, this.facetColumn(field, order)])) as Record<FacetField, FacetColumn>;
    const catalogStarts = this.catalogEntries.starts.view();
    const catalogValues = this.catalogEntries.values.view();
    for (let num = 0; num < count; num++) {
      const slot = order[num];
      this.catalog.count(this.slotProviderKeys[slot], catalogValues.subarray(catalogStarts[slot], catalogStarts[slot + 1]));
    }

    const words = this.termNumbers.values;
    const sortedTerms = Uint32Array.from(words.keys()).sort((a, b) => (words[a] < words[b] ? -1 : 1));
    const renumber = new Uint32Array(sortedTerms.length);
    sortedTerms.forEach((original, rank) => (renumber[original] = rank));
    const sortedWords = Array.from(sortedTerms, (i) => words[i]);
    const text = postingsOf(this.text.view(), order, sortedTerms.length, true, renumber);
    const geoItems = positioned.view().slice();
    return {
      updatedAt,
      ids: StringTable.from(ids),
      documents: this.json.inOrder(order),
      latitudes,
      longitudes,
      geoTree: geoTree(geoItems, latitudes, longitudes),
      geoItems,
      providerKeys,
      filterKeys: StringTable.from(this.filterKeys.values),
      filterPostings: postingsOf(this.filters.view(), order, this.filterKeys.values.length, false),
      facets,
      terms: StringTable.from(sortedWords),
      textPostings: text,
      prefixTops: buildPrefixTops(sortedWords, text, count),
      catalog: this.catalog.finish(),
    };
  }

  private filterKey(field: string, value: string): number {
    let numbers = this.filterKeyNumbers.get(field);
    if (!numbers) this.filterKeyNumbers.set(field, (numbers = new Map()));
    let n = numbers.get(value);
    if (n === undefined) {
      n = this.filterKeys.number(filterKey(field as keyof typeof FILTER_RULES, value));
      numbers.set(value, n);
    }
    return n;
  }

  private facetColumn(field: FacetField, order: ArrayLike<number>): FacetColumn {
    const starts = this.facets[field].starts.view();
    const values = this.facets[field].values.view();
    const offsets = new Uint32Array(order.length + 1);
    for (let num = 0; num < order.length; num++) offsets[num + 1] = offsets[num] + starts[order[num] + 1] - starts[order[num]];
    const column = new Uint32Array(offsets[order.length]);
    for (let num = 0; num < order.length; num++) column.set(values.subarray(starts[order[num]], starts[order[num] + 1]), offsets[num]);
    return { names: StringTable.from(this.facetNames[field].values), offsets, values: column };
  }
}

/**
 * Indexes documents given as JSON, in ascending id order (their position is their document
 * number), one parsed document at a time.
 */
export function buildParts(ids: readonly string[], json: readonly Uint8Array[], updatedAt: Date | null): GenerationParts {
  const builder = new GenerationBuilder();
  const decoder = new TextDecoder();
  for (const bytes of json) builder.add(JSON.parse(decoder.decode(bytes)) as ProviderDocument, bytes);
  return builder.finish(
    ids,
    Uint32Array.from(ids, (_, i) => i),
    updatedAt,
  );
}

function geoTree(items: Uint32Array, latitudes: Float64Array, longitudes: Float64Array): Uint8Array | null {
  if (items.length === 0) return null;
  const tree = new KDBush(items.length);
  for (const num of items) tree.add(longitudes[num], latitudes[num]);
  tree.finish();
  return new Uint8Array(tree.data);
}
