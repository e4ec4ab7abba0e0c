import type { FhirResource, PlanNetType } from '@pds/fhir';
import type { ResourceStore, StorePass } from '@pds/store';

/** A ResourceStore held in maps, for unit tests of what reads the store. */
export class InMemoryResourceStore implements ResourceStore {
  private readonly resources = new Map<string, Map<string, Map<string, FhirResource>>>();
  private readonly aliases = new Map<string, Map<string, string>>();

  /** Stores resources directly, as a committed pass would. */
  add(source: string, resources: FhirResource[], aliases: Record<string, string> = {}): this {
    const byType = this.resources.get(source) ?? new Map<string, Map<string, FhirResource>>();
    this.resources.set(source, byType);
    for (const resource of resources) {
      const byId = byType.get(resource.resourceType) ?? new Map<string, FhirResource>();
      byType.set(resource.resourceType, byId);
      byId.set(resource.id, resource);
    }
    const sourceAliases = this.aliases.get(source) ?? new Map<string, string>();
    this.aliases.set(source, sourceAliases);
    for (const [url, target] of Object.entries(aliases)) sourceAliases.set(url, target);
    return this;
  }

  async beginPass(source: string): Promise<StorePass> {
    const resources: FhirResource[] = [];
    const aliases: Record<string, string> = {};
    return {
      put: async (batch) => void resources.push(...batch),
      putAliases: async (batch) => void Object.assign(aliases, batch),
      commit: async () => {
        this.resources.delete(source);
        this.aliases.delete(source);
        this.add(source, resources, aliases);
      },
      abort: async () => undefined,
    };
  }

  async getMany(source: string, type: PlanNetType, ids: string[]): Promise<(FhirResource | null)[]> {
    const byId = this.resources.get(source)?.get(type);
    return ids.map((id) => byId?.get(id) ?? null);
  }

  async *scan(source: string, type: PlanNetType, batchSize = 100): AsyncIterable<FhirResource[]> {
    const all = [...(this.resources.get(source)?.get(type)?.values() ?? [])];
    for (let start = 0; start < all.length; start += batchSize) yield all.slice(start, start + batchSize);
  }

  async resolveAlias(source: string, url: string): Promise<string | null> {
    return this.aliases.get(source)?.get(url) ?? null;
  }

  async sources(): Promise<string[]> {
    return [...this.resources.keys()];
  }

  async counts(source: string): Promise<Partial<Record<PlanNetType, number>>> {
    const byType = this.resources.get(source) ?? new Map<string, Map<string, FhirResource>>();
    return Object.fromEntries([...byType].map(([type, byId]) => [type, byId.size]));
  }

  async close(): Promise<void> {}
}
