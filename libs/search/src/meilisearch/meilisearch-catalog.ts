import type { Meilisearch } from 'meilisearch';
import { CatalogTally, type DirectoryCatalog, emptyCatalog } from '../directory-catalog';
import type { MeiliProviderHit } from './meilisearch-document';
import { MeiliErrorCode, meiliErrorCode } from './meilisearch.error';

/** Documents read per request while tallying. */
const PAGE = 1000;
/** How long a catalog is served before the index is asked whether it changed (suggestions ask on every keystroke). */
const FRESH_MS = 5_000;

/**
 * The directory catalog of a Meilisearch index. Facet counts there count documents, not
 * providers, and carry no names, so the catalog is tallied from the stored documents, read a
 * page at a time (at 100k documents, 100 requests), and kept until the index's `updatedAt`
 * changes: at most one look-up every few seconds, one full read per index change.
 */
export class MeilisearchCatalog {
  private cached: { updatedAt: string; checkedAt: number; catalog: DirectoryCatalog } | null = null;

  constructor(
    private readonly client: Meilisearch,
    private readonly indexUid: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<DirectoryCatalog> {
    if (this.cached && this.now() - this.cached.checkedAt < FRESH_MS) return this.cached.catalog;
    const index = this.client.index(this.indexUid);
    let updatedAt: string;
    try {
      updatedAt = String((await index.getRawInfo()).updatedAt);
    } catch (error) {
      if (meiliErrorCode(error) === MeiliErrorCode.indexNotFound) return emptyCatalog();
      throw error;
    }
    if (this.cached?.updatedAt === updatedAt) {
      this.cached.checkedAt = this.now();
      return this.cached.catalog;
    }
    const tally = new CatalogTally();
    for (let offset = 0; ; offset += PAGE) {
      const page = await index.getDocuments<MeiliProviderHit>({ fields: ['document'], offset, limit: PAGE });
      for (const { document } of page.results) tally.add(document);
      if (page.results.length < PAGE) break;
    }
    this.cached = { updatedAt, checkedAt: this.now(), catalog: tally.finish() };
    return this.cached.catalog;
  }
}
