import { randomUUID } from 'node:crypto';
import type { FhirResource, PlanNetType } from '@pds/fhir';
import { contentHash, UnknownPassError, type ChangeCounts, type ChangeSet, type ResourceStore, type StorePass } from '@pds/store';
import { parseRef, toStoredResources } from '../src/stored-resource';

interface OpenPass {
  source: string;
  resources: Map<string, FhirResource>;
  aliases: Record<string, string>;
}

const refOf = (resource: FhirResource) => `${resource.resourceType}/${resource.id}`;

/**
 * A ResourceStore held in maps, for unit tests of what reads the store. The journal holds one ref per
 * entry. It validates and copies as the real stores do, and runs their contract suites to stay so.
 */
export class InMemoryResourceStore implements ResourceStore {
  private readonly resources = new Map<string, Map<string, Map<string, FhirResource>>>();
  private readonly aliases = new Map<string, Map<string, string>>();
  private readonly journals = new Map<string, string[]>();
  private readonly passes = new Map<string, OpenPass>();

  /** Stores resources directly, as a committed pass would, without journaling them: test setup. */
  add(source: string, resources: FhirResource[], aliases: Record<string, string> = {}): this {
    const byType = this.resources.get(source) ?? new Map<string, Map<string, FhirResource>>();
    this.resources.set(source, byType);
    for (const resource of resources) {
      const byId = byType.get(resource.resourceType) ?? new Map<string, FhirResource>();
      byType.set(resource.resourceType, byId);
      byId.set(resource.id, structuredClone(resource));
    }
    const sourceAliases = this.aliases.get(source) ?? new Map<string, string>();
    this.aliases.set(source, sourceAliases);
    for (const [url, target] of Object.entries(aliases)) sourceAliases.set(url, target);
    return this;
  }

  async beginPass(source: string, passId?: string): Promise<StorePass> {
    const id = passId ?? randomUUID();
    if (passId === undefined) this.passes.set(id, { source, resources: new Map(), aliases: {} });
    const pass = this.passes.get(id);
    if (pass?.source !== source) throw new UnknownPassError(source, id);
    const assertOpen = () => {
      if (!this.passes.has(id)) throw new Error(`The pass over ${source} is already finished`);
    };
    return {
      id,
      put: async (batch) => {
        assertOpen();
        toStoredResources(batch); // validates as the real stores do
        for (const resource of batch) pass.resources.set(refOf(resource), structuredClone(resource));
      },
      putAliases: async (batch) => {
        assertOpen();
        Object.assign(pass.aliases, batch);
      },
      preview: async () => this.diff(source, pass.resources, true).counts,
      commit: async () => {
        if (!this.passes.delete(id)) throw new Error(`The pass over ${source} is already finished`);
        const { counts, refs } = this.diff(source, pass.resources, true);
        this.resources.delete(source);
        this.aliases.delete(source);
        this.add(source, [...pass.resources.values()], pass.aliases);
        return { ...counts, sequence: this.journal(source, refs) };
      },
      abort: async () => void this.passes.delete(id),
    };
  }

  async upsert(source: string, resources: FhirResource[]): Promise<ChangeSet> {
    toStoredResources(resources);
    const batch = new Map(resources.map((resource) => [refOf(resource), resource]));
    const { counts, refs } = this.diff(source, batch, false);
    this.add(source, refs.map((ref) => batch.get(ref)!));
    return { ...counts, sequence: this.journal(source, refs) };
  }

  async remove(source: string, refs: string[]): Promise<ChangeSet> {
    const parsed = new Map(refs.map((ref) => [ref, parseRef(ref)]));
    const removed = [...parsed].filter(([, { type, id }]) => this.resources.get(source)?.get(type)?.delete(id)).map(([ref]) => ref);
    return { added: 0, updated: 0, unchanged: 0, deleted: removed.length, sequence: this.journal(source, removed) };
  }

  async changesSince(source: string, sequence: number, limit: number): Promise<{ refs: string[]; sequence: number }> {
    const journal = this.journals.get(source) ?? [];
    if (!Number.isInteger(sequence) || sequence < 0 || sequence > journal.length || !Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`Invalid journal sequence ${sequence} or limit ${limit}`);
    }
    const refs = new Set<string>();
    let next = sequence;
    while (next < journal.length && refs.size < limit) refs.add(journal[next++]);
    return { refs: [...refs], sequence: next };
  }

  async getMany(source: string, type: PlanNetType, ids: string[]): Promise<(FhirResource | null)[]> {
    const byId = this.resources.get(source)?.get(type);
    return ids.map((id) => structuredClone(byId?.get(id) ?? null));
  }

  async *scan(source: string, type: PlanNetType, batchSize = 100): AsyncIterable<FhirResource[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Invalid batch size ${batchSize}`);
    const all = [...(this.resources.get(source)?.get(type)?.values() ?? [])].map((resource) => structuredClone(resource));
    for (let start = 0; start < all.length; start += batchSize) yield all.slice(start, start + batchSize);
  }

  async resolveAlias(source: string, url: string): Promise<string | null> {
    return this.aliases.get(source)?.get(url) ?? null;
  }

  async sources(): Promise<string[]> {
    return [...this.resources.keys()].sort();
  }

  async counts(source: string): Promise<Partial<Record<PlanNetType, number>>> {
    const byType = this.resources.get(source) ?? new Map<string, Map<string, FhirResource>>();
    return Object.fromEntries([...byType].filter(([, byId]) => byId.size > 0).map(([type, byId]) => [type, byId.size]));
  }

  async close(): Promise<void> {}

  /** Staged against live by content hash; `full` counts the live resources the batch lacks as deleted. */
  private diff(source: string, batch: Map<string, FhirResource>, full: boolean): { counts: ChangeCounts; refs: string[] } {
    const counts: ChangeCounts = { added: 0, updated: 0, unchanged: 0, deleted: 0 };
    const refs: string[] = [];
    for (const [ref, resource] of batch) {
      const live = this.resources.get(source)?.get(resource.resourceType)?.get(resource.id);
      if (!live) counts.added++;
      else if (contentHash(live) !== contentHash(resource)) counts.updated++;
      else {
        counts.unchanged++;
        continue;
      }
      refs.push(ref);
    }
    for (const [type, byId] of full ? (this.resources.get(source) ?? []) : []) {
      for (const id of byId.keys()) {
        if (batch.has(`${type}/${id}`)) continue;
        counts.deleted++;
        refs.push(`${type}/${id}`);
      }
    }
    return { counts, refs };
  }

  private journal(source: string, refs: string[]): number {
    const journal = this.journals.get(source) ?? [];
    this.journals.set(source, journal);
    for (const ref of refs) journal.push(ref);
    return journal.length;
  }
}
