// Test helpers for the store: built apart from src so they never reach dist/ or the image.
export * from './in-memory-resource-store.fake';
export * from './state-store.fixtures';
