// Test helpers for the directory: built apart from src so they never reach dist/ or the image.
export * from './plan-net.fixtures';
