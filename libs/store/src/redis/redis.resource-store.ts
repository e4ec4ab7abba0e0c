import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { PLAN_NET_TYPES, type FhirResource, type PlanNetType } from '@pds/fhir';
import type { ResourceStore, StorePass } from '../resource-store.port';
import { RedisStoreKeys } from './redis-store.keys';
import { execOrThrow } from './redis-replies.util';
import { RedisStorePass } from './redis.store-pass';

const DEFAULT_BATCH_SIZE = 500;
const SEVEN_DAYS_SECONDS = 7 * 24 * 60 * 60;

export interface RedisResourceStoreOptions {
  /** Prepended to every key, so deployments and test runs can share a server. Default `pds:`. */
  prefix?: string;
  /** How long an uncommitted pass's staging keys outlive its last write. Default 7 days. */
  passTtlSeconds?: number;
}

/**
 * The Redis resource store: per source and type a hash id → resource JSON, per source a hash of
 * aliases, and a set of committed sources. Shared by every worker and API replica.
 *
 * A scan reads the hash in HSCAN steps; if a commit of the source lands between two steps it
 * fails rather than mix two passes, and the caller scans again.
 */
export class RedisResourceStore implements ResourceStore {
  private readonly redis: Redis;
  /** A client passed in belongs to the caller, who closes it. */
  private readonly ownsClient: boolean;
  private readonly keys: RedisStoreKeys;
  private readonly passTtlSeconds: number;

  constructor(redisUrlOrClient: string | Redis, options: RedisResourceStoreOptions = {}) {
    this.ownsClient = typeof redisUrlOrClient === 'string';
    this.redis = typeof redisUrlOrClient === 'string' ? new Redis(redisUrlOrClient) : redisUrlOrClient;
    this.keys = new RedisStoreKeys(options.prefix ?? 'pds:');
    this.passTtlSeconds = options.passTtlSeconds ?? SEVEN_DAYS_SECONDS;
  }

  async beginPass(source: string): Promise<StorePass> {
    if (source === '') throw new Error('A source key must not be empty');
    return new RedisStorePass(this.redis, this.keys, source, randomUUID(), this.passTtlSeconds);
  }

  async getMany(source: string, type: PlanNetType, ids: string[]): Promise<(FhirResource | null)[]> {
    if (ids.length === 0) return [];
    const texts = await this.redis.hmget(this.keys.resources(source, type), ...ids);
    return texts.map((text) => (text === null ? null : (JSON.parse(text) as FhirResource)));
  }

  async *scan(source: string, type: PlanNetType, batchSize = DEFAULT_BATCH_SIZE): AsyncIterable<FhirResource[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Invalid batch size ${batchSize}`);
    const key = this.keys.resources(source, type);
    let firstGeneration: string | null | undefined;
    let cursor = '0';
    let batch: FhirResource[] = [];
    do {
      // The generation is read in the same transaction as each step, so a commit between steps shows.
      const transaction = this.redis.multi().get(this.keys.generation(source)).hscan(key, cursor, 'COUNT', batchSize);
      const [generation, [next, flat]] = (await execOrThrow(transaction)) as [string | null, [string, string[]]];
      if (firstGeneration !== undefined && generation !== firstGeneration) {
        throw new Error(`Source ${source} was committed during a scan of ${type}; scan again`);
      }
      firstGeneration = generation;
      for (let i = 1; i < flat.length; i += 2) {
        batch.push(JSON.parse(flat[i]) as FhirResource);
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
      cursor = next;
    } while (cursor !== '0');
    if (batch.length > 0) yield batch;
  }

  async resolveAlias(source: string, url: string): Promise<string | null> {
    return this.redis.hget(this.keys.aliases(source), url);
  }

  async sources(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.sources())).sort();
  }

  async counts(source: string): Promise<Partial<Record<PlanNetType, number>>> {
    const pipeline = this.redis.pipeline();
    for (const type of PLAN_NET_TYPES) pipeline.hlen(this.keys.resources(source, type));
    const lengths = (await execOrThrow(pipeline)) as number[];
    return Object.fromEntries(PLAN_NET_TYPES.map((type, i) => [type, lengths[i]]).filter(([, count]) => count !== 0));
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit();
  }
}
