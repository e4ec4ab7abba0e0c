import type { DirectoryCatalog } from './directory-catalog';
import type { ProviderDocument } from './provider-document';
import type { SearchQuery, SearchResult } from './search-query';

/**
 * A rebuild under way: documents go into a new index beside the served one; `commit`
 * swaps it in at once, `abort` drops it. Readers never see a half-filled index.
 */
export interface IndexBuild {
  add(documents: ProviderDocument[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface IndexStats {
  documents: number;
  /** When the served index was last committed; null before the first build. */
  updatedAt: Date | null;
}

/** The search index port. Adapters: embedded (default) and Meilisearch. */
export interface SearchIndex {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Starts a full rebuild beside the served index. */
  beginRebuild(): Promise<IndexBuild>;
  upsert(documents: ProviderDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  stats(): Promise<IndexStats>;
  /**
   * Every payer, network, plan, specialty, language and organization the served documents
   * carry, with names and distinct-provider counts: what dropdown lists and suggestions offer.
   */
  catalog(): Promise<DirectoryCatalog>;
  close(): Promise<void>;
}

export const SEARCH_INDEX = Symbol('SearchIndex');
