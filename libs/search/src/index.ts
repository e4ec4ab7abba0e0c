export * from './provider-document';
export * from './search-query';
export * from './directory-catalog';
export * from './search-index.port';
export * from './search.errors';
export * from './embedded/embedded.search-index';
export * from './meilisearch/meilisearch.search-index';
export * from './suggest/suggester';
export { loadLayTerms } from './synonyms/synonyms';
