import type { ProviderDocument } from '../provider-document';
import type { FacetField, SearchResult } from '../search-query';
import { countFacets } from './facet.counter';
import { FilterIndex } from './filter.index';
import { GeoIndex } from './geo.index';
import type { TextIndex } from './text.index';

const byId = (a: ProviderDocument, b: ProviderDocument): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One immutable, servable state of the index: documents numbered in id order (so posting
 * lists and document numbers double as the id tie-break) and the indexes built over them.
 */
export class IndexGeneration {
  readonly numById: ReadonlyMap<string, number>;
  readonly filters: FilterIndex;
  readonly geo: GeoIndex;
  private readonly facetsOfAll = new Map<FacetField, NonNullable<SearchResult['facets'][FacetField]>>();

  private constructor(
    /** Sorted by id; the position is the document number. */
    readonly documents: readonly ProviderDocument[],
    readonly text: TextIndex,
    readonly updatedAt: Date | null,
  ) {
    this.numById = new Map(documents.map((document, num) => [document.id, num]));
    this.filters = FilterIndex.build(documents);
    this.geo = GeoIndex.build(documents);
  }

  /** `documents` must have unique ids and already be in `text`. */
  static create(documents: ProviderDocument[], text: TextIndex, updatedAt: Date | null): IndexGeneration {
    // Snapshots are stored in id order, so a restart skips the sort.
    const sorted = documents.every((document, i) => i === 0 || byId(documents[i - 1], document) < 0);
    return new IndexGeneration(sorted ? documents : [...documents].sort(byId), text, updatedAt);
  }

  /** Facet counts over every document; computed once per generation, as unfiltered queries repeat them. */
  facetsForAll(fields: readonly FacetField[]): SearchResult['facets'] {
    const missing = fields.filter((field) => !this.facetsOfAll.has(field));
    if (missing.length > 0) {
      const every = Uint32Array.from(this.documents.keys());
      for (const [field, counts] of Object.entries(countFacets(this.documents, every, missing))) {
        this.facetsOfAll.set(field as FacetField, counts);
      }
    }
    // Copies, so a caller editing its result cannot corrupt the cache.
    return Object.fromEntries(fields.map((field) => [field, this.facetsOfAll.get(field)!.map((count) => ({ ...count }))]));
  }

  /**
   * The next generation after upserting and removing documents. It shares (and updates in
   * place) this generation's text index, so the caller must serve the result in the same
   * synchronous step, before any search can observe the text index ahead of the rest.
   */
  withChanges(upserts: readonly ProviderDocument[], removals: readonly string[], updatedAt: Date): IndexGeneration {
    const byIdNext = new Map(this.documents.map((document) => [document.id, document]));
    for (const document of upserts) byIdNext.set(document.id, document);
    for (const id of removals) byIdNext.delete(id);
    const next = IndexGeneration.create([...byIdNext.values()], this.text, updatedAt);
    for (const document of upserts) this.text.put(document);
    for (const id of removals) this.text.remove(id);
    return next;
  }
}
