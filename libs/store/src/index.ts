export * from './resource-store.port';
