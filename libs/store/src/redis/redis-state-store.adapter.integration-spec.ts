import { startTestRedis } from '@pds/testing';
import { describeStateStoreContract } from '../state-store.contract';
import { RedisStateStore } from './redis-state-store.adapter';

describeStateStoreContract('redis', async () => {
  const redis = await startTestRedis();
  return { store: new RedisStateStore(redis.url, redis.prefix), cleanup: () => redis.cleanup() };
});
