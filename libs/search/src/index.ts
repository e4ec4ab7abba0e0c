export * from './provider-document';
export * from './search-query';
export * from './search-index.port';
export * from './search.errors';
export * from './embedded/embedded.search-index';
export * from './meilisearch/meilisearch.search-index';
export { MAX_FILTER_VALUES, MAX_SEARCH_OFFSET } from './query.validation';
