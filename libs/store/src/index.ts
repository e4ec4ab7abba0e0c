export * from './resource-store.port';
export * from './content-hash';
export * from './unknown-pass.error';
export * from './embedded/file-resource-store.adapter';
export * from './redis/redis-resource-store.adapter';
export * from './state-store.port';
export * from './embedded/file-state-store.adapter';
export * from './redis/redis-state-store.adapter';
export { isProcessAlive } from './embedded/pid-file-lock';
