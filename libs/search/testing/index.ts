// Test helpers for search: built apart from src so they never reach dist/ or the image.
export * from './meilisearch.fake';
export * from './provider-document.fixtures';
export * from './search-index.fixtures';
