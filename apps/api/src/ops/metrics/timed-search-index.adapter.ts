import type { DirectoryCatalog, IndexBuild, IndexStats, ProviderDocument, SearchIndex, SearchQuery, SearchResult } from '@pds/search';
import { Histogram, type Registry } from 'prom-client';

/** The SearchIndex port with the engine's time of each read recorded: what the index costs, apart from GraphQL. */
export class TimedSearchIndex implements SearchIndex {
  private readonly duration: Histogram<'call'>;

  constructor(
    private readonly index: SearchIndex,
    registry: Registry,
  ) {
    this.duration = new Histogram({
      name: 'pds_search_engine_duration_seconds',
      help: 'Time the search engine (embedded or Meilisearch) takes per call',
      labelNames: ['call'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    });
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const end = this.duration.startTimer({ call: 'search' });
    try {
      return await this.index.search(query);
    } finally {
      end();
    }
  }

  async catalog(): Promise<DirectoryCatalog> {
    const end = this.duration.startTimer({ call: 'catalog' });
    try {
      return await this.index.catalog();
    } finally {
      end();
    }
  }

  beginRebuild(): Promise<IndexBuild> {
    return this.index.beginRebuild();
  }

  upsert(documents: ProviderDocument[]): Promise<void> {
    return this.index.upsert(documents);
  }

  remove(ids: string[]): Promise<void> {
    return this.index.remove(ids);
  }

  stats(): Promise<IndexStats> {
    return this.index.stats();
  }

  close(): Promise<void> {
    return this.index.close();
  }
}
