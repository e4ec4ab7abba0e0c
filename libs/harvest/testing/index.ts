// Test helpers for the harvest: built apart from src so they never reach dist/ or the image.
export * from './indexing.fixtures';
export * from './run-record.fixtures';
