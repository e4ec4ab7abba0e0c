import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { LedgerReplacement, LedgerStore, RoleEntry } from './ledger-store.port';

/** Roles or inputs per Redis round trip. */
const CHUNK = 1_000;

type Entry = [documents: Record<string, string>, inputs: string[]];

/**
 * The distributed ledger. Per source and generation: a hash roleId → `[documents, inputs]`
 * and a set of roles per input; a pointer names the current generation, so a replacement
 * is written aside and swapped in with one SET. Keys live under `{prefix}ledger:`.
 */
export class RedisLedgerStore implements LedgerStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;

  constructor(
    redis: string | Redis,
    private readonly prefix = 'pds:',
  ) {
    this.ownsClient = typeof redis === 'string';
    this.redis = typeof redis === 'string' ? new Redis(redis) : redis;
  }

  async entries(source: string, roleIds: readonly string[]): Promise<(RoleEntry | null)[]> {
    const roles = this.keys(source, await this.generation(source)).roles;
    const entries: (RoleEntry | null)[] = [];
    for (let start = 0; start < roleIds.length; start += CHUNK) {
      const values = await this.redis.hmget(roles, ...roleIds.slice(start, start + CHUNK));
      entries.push(...values.map((value) => (value === null ? null : toEntry(JSON.parse(value) as Entry))));
    }
    return entries;
  }

  async dependents(source: string, inputs: readonly string[]): Promise<string[]> {
    const keys = this.keys(source, await this.generation(source));
    const roles = new Set<string>();
    for (let start = 0; start < inputs.length; start += CHUNK) {
      const pipeline = this.redis.pipeline();
      for (const input of inputs.slice(start, start + CHUNK)) pipeline.smembers(keys.input(input));
      for (const [error, members] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        for (const roleId of members as string[]) roles.add(roleId);
      }
    }
    return [...roles];
  }

  async write(source: string, changes: ReadonlyMap<string, RoleEntry | null>): Promise<void> {
    const keys = this.keys(source, await this.generation(source));
    const ids = [...changes.keys()];
    const previous = await this.entries(source, ids);
    const pipeline = this.redis.pipeline();
    ids.forEach((roleId, index) => {
      const entry = changes.get(roleId) ?? null;
      const before = new Set(previous[index]?.inputs ?? []);
      const after = new Set(entry?.inputs ?? []);
      for (const input of before) if (!after.has(input)) pipeline.srem(keys.input(input), roleId);
      for (const input of after) if (!before.has(input)) pipeline.sadd(keys.input(input), roleId);
      if (entry) pipeline.hset(keys.roles, roleId, JSON.stringify(toLine(entry)));
      else pipeline.hdel(keys.roles, roleId);
    });
    await execAll(pipeline);
  }

  async beginReplace(source: string): Promise<LedgerReplacement> {
    const generation = randomBytes(8).toString('hex');
    const keys = this.keys(source, generation);
    return {
      write: async (entries) => {
        const pipeline = this.redis.pipeline();
        for (const [roleId, entry] of entries) {
          pipeline.hset(keys.roles, roleId, JSON.stringify(toLine(entry)));
          for (const input of entry.inputs) pipeline.sadd(keys.input(input), roleId);
        }
        await execAll(pipeline);
      },
      commit: async () => {
        const previous = await this.redis.getset(this.pointer(source), generation);
        if (previous !== null) await this.drop(source, previous);
      },
      abort: () => this.drop(source, generation),
    };
  }

  async size(source: string): Promise<number> {
    return this.redis.hlen(this.keys(source, await this.generation(source)).roles);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit();
  }

  /** The current generation; the first writer of a source creates it. */
  private async generation(source: string): Promise<string> {
    const pointer = this.pointer(source);
    const current = await this.redis.get(pointer);
    if (current !== null) return current;
    await this.redis.set(pointer, randomBytes(8).toString('hex'), 'NX');
    return (await this.redis.get(pointer)) as string;
  }

  private async drop(source: string, generation: string): Promise<void> {
    const keys = this.keys(source, generation);
    await this.redis.unlink(keys.roles);
    const stream = this.redis.scanStream({ match: `${escapeGlob(keys.inputPrefix)}*`, count: 1000 });
    for await (const batch of stream as AsyncIterable<string[]>) if (batch.length > 0) await this.redis.unlink(...batch);
  }

  private pointer(source: string): string {
    return `${this.prefix}ledger:${encodeURIComponent(source)}:current`;
  }

  private keys(source: string, generation: string) {
    const base = `${this.prefix}ledger:${encodeURIComponent(source)}:${generation}`;
    const inputPrefix = `${base}:in:`;
    return { roles: `${base}:roles`, inputPrefix, input: (input: string) => `${inputPrefix}${input}` };
  }
}

const toLine = (entry: RoleEntry): Entry => [entry.documents, entry.inputs];
const toEntry = ([documents, inputs]: Entry): RoleEntry => ({ documents, inputs });

async function execAll(pipeline: ReturnType<Redis['pipeline']>): Promise<void> {
  for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
}

function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, '\\$&');
}
