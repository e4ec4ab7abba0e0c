import { Redis } from 'ioredis';
import { PLAN_NET_TYPES, type FhirResource, type PlanNetType } from '@pds/fhir';
import { assertJournalLimit, assertSequence } from '../change-journal-args';
import { isPassId, newPassId } from '../pass-id';
import type { ChangeSet, ResourceStore, StorePass } from '../resource-store.port';
import { parseRef, toStoredResources } from '../stored-resource';
import { UnknownPassError } from '../unknown-pass.error';
import { RedisStoreKeys } from './redis-store-keys';
import { REMOVE_SCRIPT, UPSERT_SCRIPT } from './redis-store-scripts';
import { execOrThrow } from './redis-replies-util';
import { RedisStorePass } from './redis-store-pass';

const DEFAULT_BATCH_SIZE = 500;
const SEVEN_DAYS_SECONDS = 7 * 24 * 60 * 60;

export interface RedisResourceStoreOptions {
  /** Prepended to every key, so deployments and test runs can share a server. Default `pds:`. */
  prefix?: string;
  /** How long an uncommitted pass's staging keys outlive its last write. Default 7 days. */
  passTtlSeconds?: number;
}

/**
 * The Redis resource store: per source and type a hash id → resource JSON and one id → content
 * hash, per source a hash of aliases and a change journal (a sorted set of refs scored by
 * sequence), and a set of sources. Shared by every worker and API replica. Every write diffs,
 * writes and journals in one Lua script, so the journal never disagrees with the data.
 *
 * A scan reads the hash in HSCAN steps; if a commit of the source lands between two steps it
 * fails rather than mix two passes, and the caller scans again. Upserts and removes change the
 * hashes in place and do not fail a scan: it sees each such change or not, as it would a moment
 * earlier or later.
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

  async beginPass(source: string, passId?: string): Promise<StorePass> {
    if (source === '') throw new Error('A source key must not be empty');
    if (passId === undefined) {
      return new RedisStorePass(this.redis, this.keys, source, newPassId(), this.passTtlSeconds).start();
    }
    if (!isPassId(passId) || (await this.redis.hget(this.keys.passMeta(passId), 'source')) !== source) {
      throw new UnknownPassError(source, passId);
    }
    return new RedisStorePass(this.redis, this.keys, source, passId, this.passTtlSeconds);
  }

  async upsert(source: string, resources: FhirResource[]): Promise<ChangeSet> {
    if (source === '') throw new Error('A source key must not be empty');
    const args = [...toStoredResources(resources).values()].flatMap(({ type, id, ref, hash, json }) => [
      PLAN_NET_TYPES.indexOf(type),
      id,
      ref,
      hash,
      json,
    ]);
    const keys = [
      this.keys.sources(),
      this.keys.journal(source),
      this.keys.journalSequence(source),
      ...this.keys.liveTypeKeys(source),
    ];
    return toChangeSet(await this.redis.eval(UPSERT_SCRIPT, keys.length, ...keys, source, ...args));
  }

  async remove(source: string, refs: string[]): Promise<ChangeSet> {
    const args = [...new Set(refs)].flatMap((ref) => {
      const { type, id } = parseRef(ref);
      return [PLAN_NET_TYPES.indexOf(type), id, ref];
    });
    const keys = [this.keys.journal(source), this.keys.journalSequence(source), ...this.keys.liveTypeKeys(source)];
    return toChangeSet(await this.redis.eval(REMOVE_SCRIPT, keys.length, ...keys, ...args));
  }

  async changesSince(source: string, sequence: number, limit: number): Promise<{ refs: string[]; sequence: number }> {
    assertJournalLimit(limit);
    assertSequence(sequence, Number.MAX_SAFE_INTEGER);
    const transaction = this.redis
      .multi()
      .get(this.keys.journalSequence(source))
      .zrangebyscore(this.keys.journal(source), `(${sequence}`, '+inf', 'WITHSCORES', 'LIMIT', 0, limit);
    const [top, flat] = (await execOrThrow(transaction)) as [string | null, string[]];
    assertSequence(sequence, Number(top ?? 0));
    const refs: string[] = [];
    for (let i = 0; i < flat.length; i += 2) refs.push(flat[i]);
    return { refs, sequence: flat.length > 0 ? Number(flat[flat.length - 1]) : sequence };
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

function toChangeSet(reply: unknown): ChangeSet {
  const [added, updated, unchanged, deleted, sequence] = reply as number[];
  return { added, updated, unchanged, deleted, sequence };
}
