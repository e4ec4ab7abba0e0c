export * from './provider-document';
export * from './search-query';
export * from './search-index.port';
export * from './search.errors';
