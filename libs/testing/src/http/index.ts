export * from './bundle-server';
export * from './test-http-server';
export * from './hostile-handlers';
