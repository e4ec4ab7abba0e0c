import { Redis } from 'ioredis';
import type { FhirResource } from '@pds/fhir';
import { startTestRedis, type TestRedis } from '@pds/testing';
import { describeResourceStoreChangesContract } from '../resource-store-changes.contract';
import { describeResourceStoreContract, type OpenedStore } from '../resource-store.contract';
import { RedisResourceStore } from './redis-resource-store.adapter';

const organization = (id: string, v: number): FhirResource => ({ resourceType: 'Organization', id, v });

let server: TestRedis;
let stores = 0;
/** Each store gets its own prefix under the server's, so tests never see each other's keys. */
const nextPrefix = () => `${server.prefix}${++stores}:`;

beforeAll(async () => {
  server = await startTestRedis();
});

afterAll(async () => {
  await server.cleanup();
});

async function openRedisStore(): Promise<OpenedStore> {
  const prefix = nextPrefix();
  const stores = [new RedisResourceStore(server.url, { prefix })];
  return {
    store: stores[0],
    reopen: async () => stores[stores.push(new RedisResourceStore(server.url, { prefix })) - 1],
    cleanup: async () => {
      await Promise.all(stores.map((store) => store.close()));
    },
  };
}

describeResourceStoreContract('RedisResourceStore', openRedisStore);
describeResourceStoreChangesContract('RedisResourceStore', openRedisStore);

describe('RedisResourceStore keys and passes', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisResourceStore;
  const keysUnder = async (pattern: string) => (await redis.keys(`${prefix}${pattern}`)).sort();

  beforeEach(() => {
    redis = new Redis(server.url);
    prefix = nextPrefix();
    store = new RedisResourceStore(redis, { prefix, passTtlSeconds: 3600 });
  });

  afterEach(async () => {
    await store.close();
    await redis.quit();
  });

  it('gives staging keys a TTL and leaves committed keys without one', async () => {
    const pass = await store.beginPass('acme');
    await pass.put([organization('o1', 1)]);
    await pass.putAliases({ 'urn:uuid:1': 'Organization/o1' });

    const staged = await keysUnder('pass:*');
    const passKey = `${prefix}pass:${pass.id}:`;
    expect(staged).toEqual(['alias', 'hash:Organization', 'meta', 'res:Organization'].map((key) => passKey + key));
    for (const key of staged) expect(await redis.ttl(key)).toBeGreaterThan(3500);

    await pass.commit();

    expect(await keysUnder('pass:*')).toEqual([]);
    expect(await redis.ttl(`${prefix}res:acme:Organization`)).toBe(-1);
    expect(await redis.ttl(`${prefix}hash:acme:Organization`)).toBe(-1);
    expect(await redis.ttl(`${prefix}alias:acme`)).toBe(-1);
  });

  it('deletes the staging keys on abort', async () => {
    const pass = await store.beginPass('acme');
    await pass.put([organization('o1', 1)]);
    await pass.putAliases({ 'urn:uuid:1': 'Organization/o1' });

    await pass.abort();

    expect(await keysUnder('*')).toEqual([]);
  });

  it('refuses to commit a pass whose staging keys expired, leaving the stored data', async () => {
    const first = await store.beginPass('acme');
    await first.put([organization('o1', 1)]);
    await first.commit();
    const pass = await store.beginPass('acme');
    await pass.put([organization('o2', 2)]);
    await pass.putAliases({ 'urn:uuid:2': 'Organization/o2' });
    const [stagedAliases] = await keysUnder('pass:*:alias');
    await redis.del(stagedAliases);

    await expect(pass.commit()).rejects.toThrow(/expired/);

    expect(await store.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([organization('o1', 1), null]);
    await pass.abort();
    expect(await keysUnder('pass:*')).toEqual([]);
  });

  it('fails a scan that a commit of the source lands in, rather than mix two passes', async () => {
    const first = await store.beginPass('acme');
    // Values past hash-max-listpack-value make a real hash table, which HSCAN walks in several steps.
    const padding = 'x'.repeat(200);
    await first.put(Array.from({ length: 400 }, (_, i) => ({ ...organization(`o${i}`, 1), padding })));
    await first.commit();
    const batches = store.scan('acme', 'Organization', 10)[Symbol.asyncIterator]();
    expect((await batches.next()).value).toHaveLength(10);

    const second = await store.beginPass('acme');
    await second.put([organization('o1', 2)]);
    await second.commit();

    await expect(drain(batches)).rejects.toThrow(/committed during a scan/);
  });

  it('leaves a client it was given open on close', async () => {
    await store.close();

    expect(await redis.ping()).toBe('PONG');
  });
});

async function drain(iterator: AsyncIterator<FhirResource[]>): Promise<void> {
  while (!(await iterator.next()).done);
}
