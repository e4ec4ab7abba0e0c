export * from './resource-store.port';
export * from './embedded/file.resource-store';
export * from './redis/redis.resource-store';
