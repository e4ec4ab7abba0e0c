import type { DirectoryCatalog } from '../directory-catalog';
import type { FacetField } from '../search-query';
import type { DocumentFile } from './document-file';
import type { MemoryDocuments } from './memory-documents';
import type { Postings } from './postings';
import type { PrefixTops } from './prefix-table';
import type { StringTable } from './string-table';

/** Per facet: the value names and, per document, the value numbers it carries (compressed rows). */
export interface FacetColumn {
  names: StringTable;
  /** `documents + 1` entries; document d's values are `values[offsets[d] .. offsets[d + 1])`. */
  offsets: Uint32Array;
  values: Uint32Array;
}

/**
 * Everything one generation holds, as flat typed arrays and byte tables: what a build
 * produces and a snapshot stores, so a restart maps files to arrays without re-indexing.
 * Document numbers follow id order.
 */
export interface GenerationParts {
  updatedAt: Date | null;
  ids: StringTable;
  /**
   * Each document as JSON, parsed only when it is returned: from the build's file, which its
   * snapshot adopts (in memory for small generations built without one).
   */
  documents: DocumentFile | MemoryDocuments;
  /** Per document; NaN without a trusted position. */
  latitudes: Float64Array;
  longitudes: Float64Array;
  /** kdbush's own serialised tree over the positioned documents, or null when none has a position. */
  geoTree: Uint8Array | null;
  /** k-d tree item -> document number. */
  geoItems: Uint32Array;
  /** Per document, a number standing for its providerKey (equal keys, equal numbers). */
  providerKeys: Uint32Array;
  /** `field:value` keys (see filterKey) and their posting lists. */
  filterKeys: StringTable;
  filterPostings: Postings;
  facets: Record<FacetField, FacetColumn>;
  /** Every indexed term, sorted by code unit (so digit-only terms come first). */
  terms: StringTable;
  /** Per term, the documents holding it, weighted by the best field boost it has there. */
  textPostings: Postings;
  /** Precomputed type-ahead answers of short prefixes. */
  prefixTops: PrefixTops;
  /** Payers, networks, plans, specialties, languages and organizations with distinct-provider counts; null in snapshots written before it existed. */
  catalog: DirectoryCatalog | null;
}
