import type { Redis } from 'ioredis';
import { isPlanNetType, PLAN_NET_TYPES, type FhirResource, type PlanNetType } from '@pds/fhir';
import type { StorePass } from '../resource-store.port';
import type { RedisStoreKeys } from './redis-store.keys';
import { execOrThrow } from './redis-replies.util';

/**
 * A pass of the Redis store: writes go to staging keys that expire unless committed, and `commit`
 * renames them over the live keys in one MULTI so readers switch at once.
 */
export class RedisStorePass implements StorePass {
  private state: 'open' | 'committing' | 'finished' = 'open';
  private readonly staged = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisStoreKeys,
    private readonly source: string,
    private readonly passId: string,
    private readonly ttlSeconds: number,
  ) {}

  async put(resources: FhirResource[]): Promise<void> {
    this.assertOpen();
    const byType = new Map<PlanNetType, Record<string, string>>();
    for (const resource of resources) {
      const type = resource.resourceType;
      if (!isPlanNetType(type) || typeof resource.id !== 'string' || resource.id === '') {
        throw new Error(`Not a storable Plan-Net resource: ${type}/${String(resource.id)}`);
      }
      const fields = byType.get(type) ?? {};
      fields[resource.id] = JSON.stringify(resource);
      byType.set(type, fields);
    }
    if (byType.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [type, fields] of byType) this.stage(pipeline, this.keys.stagedResources(this.passId, type), fields);
    await execOrThrow(pipeline);
  }

  async putAliases(aliases: Record<string, string>): Promise<void> {
    this.assertOpen();
    if (Object.keys(aliases).length === 0) return;
    const pipeline = this.redis.pipeline();
    this.stage(pipeline, this.keys.stagedAliases(this.passId), aliases);
    await execOrThrow(pipeline);
  }

  async commit(): Promise<void> {
    this.assertOpen();
    this.state = 'committing';
    try {
      await this.extendStaged();
      const multi = this.redis.multi();
      for (const type of PLAN_NET_TYPES) {
        this.swapIn(multi, this.keys.stagedResources(this.passId, type), this.keys.resources(this.source, type));
      }
      this.swapIn(multi, this.keys.stagedAliases(this.passId), this.keys.aliases(this.source));
      multi.incr(this.keys.generation(this.source)).sadd(this.keys.sources(), this.source);
      await execOrThrow(multi);
      this.state = 'finished';
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
    if (this.staged.size > 0) await this.redis.del(...this.staged);
  }

  private stage(pipeline: ReturnType<Redis['pipeline']>, key: string, fields: Record<string, string>): void {
    // Each write restarts the TTL, so only a pass idle that long (a crashed one) loses its keys.
    pipeline.hset(key, fields).expire(key, this.ttlSeconds);
    this.staged.add(key);
  }

  /**
   * MULTI does not roll back: a staging key expiring just before EXEC would commit half a pass.
   * Restarting every TTL first fails cleanly on a key already gone and keeps the rest until EXEC.
   */
  private async extendStaged(): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const key of this.staged) pipeline.expire(key, this.ttlSeconds);
    const replies = await execOrThrow(pipeline);
    if (replies.some((reply) => reply === 0)) {
      throw new Error(`The pass over ${this.source} expired before its commit; harvest again`);
    }
  }

  private swapIn(multi: ReturnType<Redis['multi']>, staged: string, live: string): void {
    // RENAME carries the staging TTL over to the live key: PERSIST drops it.
    if (this.staged.has(staged)) multi.rename(staged, live).persist(live);
    else multi.del(live);
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`The pass over ${this.source} is already ${this.state}`);
  }
}
