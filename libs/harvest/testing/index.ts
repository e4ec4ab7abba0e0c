// Test helpers for the harvest: built apart from src so they never reach dist/ or the image.
export * from './indexing.fixture';
export * from './run-record.factory';
