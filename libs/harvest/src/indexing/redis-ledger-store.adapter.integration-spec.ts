import { startTestRedis } from '@pds/testing';
import { describeLedgerStoreContract } from './ledger-store.contract';
import { RedisLedgerStore } from './redis-ledger-store.adapter';

describeLedgerStoreContract('redis', async () => {
  const redis = await startTestRedis();
  return {
    store: new RedisLedgerStore(redis.url, redis.prefix),
    reopen: () => new RedisLedgerStore(redis.url, redis.prefix),
    cleanup: () => redis.cleanup(),
  };
});
