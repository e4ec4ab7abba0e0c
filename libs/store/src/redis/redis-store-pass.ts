import type { Redis } from 'ioredis';
import { PLAN_NET_TYPES, type FhirResource, type PlanNetType } from '@pds/fhir';
import type { ChangeCounts, ChangeSet, StorePass } from '../resource-store.port';
import { toStoredResources } from '../stored-resource';
import type { RedisStoreKeys } from './redis-store-keys';
import { DIFF_PASS_SCRIPT } from './redis-store-scripts';
import { execOrThrow } from './redis-replies-util';

/**
 * A pass of the Redis store: resources and their hashes go to staging keys that expire unless
 * committed, and `commit` diffs them against the live keys, renames them over those and journals
 * the changes in one script, so readers switch at once. The pass is all in Redis (a meta hash
 * names its source and what it staged), so any process can resume it by id.
 *
 * One writer per pass at a time: the harvest holds a per-source lock for a run.
 */
export class RedisStorePass implements StorePass {
  private state: 'open' | 'committing' | 'finished' = 'open';

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisStoreKeys,
    private readonly source: string,
    readonly id: string,
    private readonly ttlSeconds: number,
  ) {}

  /** Records the pass in Redis, so `beginPass(source, id)` can find it. */
  async start(): Promise<this> {
    await execOrThrow(this.refreshTtl(this.redis.multi().hset(this.keys.passMeta(this.id), 'source', this.source)));
    return this;
  }

  async put(resources: FhirResource[]): Promise<void> {
    this.assertOpen();
    const byType = new Map<PlanNetType, { json: Record<string, string>; hash: Record<string, string> }>();
    for (const { type, id, hash, json } of toStoredResources(resources).values()) {
      const fields = byType.get(type) ?? { json: {}, hash: {} };
      fields.json[id] = json;
      fields.hash[id] = hash;
      byType.set(type, fields);
    }
    if (byType.size === 0) return;
    // MULTI, so a resource and its hash are staged together even if this process dies midway.
    const multi = this.redis.multi();
    for (const [type, fields] of byType) {
      multi
        .hset(this.keys.stagedResources(this.id, type), fields.json)
        .hset(this.keys.stagedHashes(this.id, type), fields.hash)
        .hset(this.keys.passMeta(this.id), `type:${type}`, '1');
    }
    await execOrThrow(this.refreshTtl(multi));
  }

  async putAliases(aliases: Record<string, string>): Promise<void> {
    this.assertOpen();
    if (Object.keys(aliases).length === 0) return;
    const multi = this.redis
      .multi()
      .hset(this.keys.stagedAliases(this.id), aliases)
      .hset(this.keys.passMeta(this.id), 'aliases', '1');
    await execOrThrow(this.refreshTtl(multi));
  }

  async preview(): Promise<ChangeCounts> {
    this.assertOpen();
    const [added, updated, unchanged, deleted] = await this.diff('preview');
    return { added, updated, unchanged, deleted };
  }

  async commit(): Promise<ChangeSet> {
    this.assertOpen();
    this.state = 'committing';
    try {
      const [added, updated, unchanged, deleted, sequence] = await this.diff('commit');
      this.state = 'finished';
      return { added, updated, unchanged, deleted, sequence };
    } catch (error) {
      // Left open so the caller can abort (drop the staging keys) or retry.
      this.state = 'open';
      throw error;
    }
  }

  /** Idempotent: after a commit or an earlier abort there is nothing left to drop. */
  async abort(): Promise<void> {
    if (this.state === 'finished') return;
    this.state = 'finished';
    await this.redis.del(...this.keys.passKeys(this.id));
  }

  private async diff(mode: 'preview' | 'commit'): Promise<number[]> {
    const { keys, source, id } = this;
    const scriptKeys = [
      keys.passMeta(id),
      keys.generation(source),
      keys.sources(),
      keys.journal(source),
      keys.journalSequence(source),
      keys.stagedAliases(id),
      keys.aliases(source),
      ...PLAN_NET_TYPES.flatMap((type) => [
        keys.stagedResources(id, type),
        keys.stagedHashes(id, type),
        keys.resources(source, type),
        keys.hashes(source, type),
      ]),
    ];
    try {
      const args = [source, mode, ...PLAN_NET_TYPES];
      return (await this.redis.eval(DIFF_PASS_SCRIPT, scriptKeys.length, ...scriptKeys, ...args)) as number[];
    } catch (error) {
      if (!/\bPASS_GONE\b/.test((error as Error).message)) throw error;
      throw new Error(`The pass over ${source} expired before its ${mode}; harvest again`);
    }
  }

  /**
   * Each write restarts the TTL of every key of the pass, so they expire together and only a pass
   * idle that long (a crashed one nobody resumed) loses them.
   */
  private refreshTtl(multi: ReturnType<Redis['multi']>): ReturnType<Redis['multi']> {
    for (const key of this.keys.passKeys(this.id)) multi.expire(key, this.ttlSeconds);
    return multi;
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`The pass over ${this.source} is already ${this.state}`);
  }
}
