import { PLAN_NET_TYPES, type PlanNetType } from '@pds/fhir';

/**
 * The Redis key layout; nothing above the adapter sees a key. The source key is the middle
 * segment, so a ':' inside it stays unambiguous: the type at the end comes from a fixed list.
 */
export class RedisStoreKeys {
  constructor(private readonly prefix: string) {}

  /** Hash id → resource JSON. */
  resources(source: string, type: PlanNetType): string {
    return `${this.prefix}res:${source}:${type}`;
  }

  /** Hash id → content hash of the resource in `resources`. */
  hashes(source: string, type: PlanNetType): string {
    return `${this.prefix}hash:${source}:${type}`;
  }

  /** Per type in `PLAN_NET_TYPES` order, the live resource and hash keys: what the write scripts take. */
  liveTypeKeys(source: string): string[] {
    return PLAN_NET_TYPES.flatMap((type) => [this.resources(source, type), this.hashes(source, type)]);
  }

  /** Hash fullUrl → `Type/id`. */
  aliases(source: string): string {
    return `${this.prefix}alias:${source}`;
  }

  /** Counter bumped by each commit, so a scan can tell it spanned one. */
  generation(source: string): string {
    return `${this.prefix}gen:${source}`;
  }

  /** Set of sources with a committed pass or an upsert. */
  sources(): string {
    return `${this.prefix}sources`;
  }

  /** Sorted set of `Type/id` scored by the sequence of its latest change. */
  journal(source: string): string {
    return `${this.prefix}journal:${source}`;
  }

  /** Counter: the last sequence handed out in `journal`. */
  journalSequence(source: string): string {
    return `${this.prefix}journal-seq:${source}`;
  }

  /** Hash of a pass: its `source`, and a `type:<Type>` or `aliases` field for each kind it staged. */
  passMeta(passId: string): string {
    return `${this.prefix}pass:${passId}:meta`;
  }

  stagedResources(passId: string, type: PlanNetType): string {
    return `${this.prefix}pass:${passId}:res:${type}`;
  }

  stagedHashes(passId: string, type: PlanNetType): string {
    return `${this.prefix}pass:${passId}:hash:${type}`;
  }

  stagedAliases(passId: string): string {
    return `${this.prefix}pass:${passId}:alias`;
  }

  /** Every key a pass may have written, so each write can restart all their TTLs together. */
  passKeys(passId: string): string[] {
    return [
      this.passMeta(passId),
      this.stagedAliases(passId),
      ...PLAN_NET_TYPES.flatMap((type) => [this.stagedResources(passId, type), this.stagedHashes(passId, type)]),
    ];
  }
}
