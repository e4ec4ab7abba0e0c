import type { Meilisearch } from 'meilisearch';
import { CatalogTally, type DirectoryCatalog, emptyCatalog } from '../directory-catalog';
import type { MeiliProviderHit } from './meilisearch.document';
import { MeiliErrorCode, meiliErrorCode } from './meilisearch.errors';

/** Documents read per request while tallying. */
const PAGE = 1000;

/**
 * The directory catalog of a Meilisearch index. Facet counts there count documents, not
 * providers, and carry no names, so the catalog is tallied from the stored documents, read a
 * page at a time (at 100k documents, 100 requests), and kept until the index's `updatedAt`
 * changes: one look-up per call, one full read per index change.
 */
export class MeilisearchCatalog {
  private cached: { updatedAt: string; catalog: DirectoryCatalog } | null = null;

  constructor(
    private readonly client: Meilisearch,
    private readonly indexUid: string,
  ) {}

  async get(): Promise<DirectoryCatalog> {
    const index = this.client.index(this.indexUid);
    let updatedAt: string;
    try {
      updatedAt = String((await index.getRawInfo()).updatedAt);
    } catch (error) {
      if (meiliErrorCode(error) === MeiliErrorCode.indexNotFound) return emptyCatalog();
      throw error;
    }
    if (this.cached?.updatedAt === updatedAt) return this.cached.catalog;
    const tally = new CatalogTally();
    for (let offset = 0; ; offset += PAGE) {
      const page = await index.getDocuments<MeiliProviderHit>({ fields: ['document'], offset, limit: PAGE });
      for (const { document } of page.results) tally.add(document);
      if (page.results.length < PAGE) break;
    }
    this.cached = { updatedAt, catalog: tally.finish() };
    return this.cached.catalog;
  }
}
