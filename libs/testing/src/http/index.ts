export * from './bundle.server';
export * from './test-http.server';
