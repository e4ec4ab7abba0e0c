// Test helpers for search: built apart from src so they never reach dist/ or the image.
export * from './fake-meilisearch';
export * from './provider-document.factory';
export * from './search-index.fixtures';
