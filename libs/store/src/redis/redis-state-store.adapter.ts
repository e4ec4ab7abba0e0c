import { Redis } from 'ioredis';
import { type StateStore, assertStateKey } from '../state-store.port';

/** Each key a Redis string under `{prefix}state:`; SCAN lists a prefix. */
export class RedisStateStore implements StateStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;

  constructor(
    redis: string | Redis,
    private readonly prefix = 'pds:',
  ) {
    this.ownsClient = typeof redis === 'string';
    this.redis = typeof redis === 'string' ? new Redis(redis, { lazyConnect: false }) : redis;
  }

  async get<T>(key: string): Promise<T | null> {
    const value = await this.redis.get(this.redisKey(key));
    return value === null ? null : (JSON.parse(value) as T);
  }

  async set<T>(key: string, value: T): Promise<void> {
    await this.redis.set(this.redisKey(key), JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.redisKey(key));
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix.replace(/\/+$/, '');
    if (base) assertStateKey(base);
    const namespace = `${this.prefix}state:`;
    const pattern = `${namespace}${base ? `${escapeGlob(base)}/` : ''}*`;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      keys.push(...batch.map((key) => key.slice(namespace.length)));
    } while (cursor !== '0');
    return [...new Set(keys)].sort();
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit();
  }

  private redisKey(key: string): string {
    assertStateKey(key);
    return `${this.prefix}state:${key}`;
  }
}

function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, '\\$&');
}
