import type { PlanNetType } from '@pds/fhir';

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

  /** Hash fullUrl → `Type/id`. */
  aliases(source: string): string {
    return `${this.prefix}alias:${source}`;
  }

  /** Counter bumped by each commit, so a scan can tell it spanned one. */
  generation(source: string): string {
    return `${this.prefix}gen:${source}`;
  }

  /** Set of sources with a committed pass. */
  sources(): string {
    return `${this.prefix}sources`;
  }

  stagedResources(passId: string, type: PlanNetType): string {
    return `${this.prefix}pass:${passId}:res:${type}`;
  }

  stagedAliases(passId: string): string {
    return `${this.prefix}pass:${passId}:alias`;
  }
}
