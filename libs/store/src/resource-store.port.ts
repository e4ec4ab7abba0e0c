import type { FhirResource, PlanNetType } from '@pds/fhir';

/**
 * A full pass over one source being written beside what is stored. `commit` replaces the
 * source's resources with the pass at once; `abort` (or a crash) leaves the stored ones as they were.
 */
export interface StorePass {
  put(resources: FhirResource[]): Promise<void>;
  /** Records that a Bundle `fullUrl` (absolute URL or urn:uuid) names `Type/id`. */
  putAliases(aliases: Record<string, string>): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** The resource store port: harvested resources per source. Adapters: embedded files and Redis. */
export interface ResourceStore {
  beginPass(source: string): Promise<StorePass>;
  getMany(source: string, type: PlanNetType, ids: string[]): Promise<(FhirResource | null)[]>;
  /** Streams every stored resource of a type, in batches. */
  scan(source: string, type: PlanNetType, batchSize?: number): AsyncIterable<FhirResource[]>;
  /** `Type/id` for a fullUrl recorded by `putAliases`, or null. */
  resolveAlias(source: string, url: string): Promise<string | null>;
  /** Source keys with a committed pass. */
  sources(): Promise<string[]>;
  counts(source: string): Promise<Partial<Record<PlanNetType, number>>>;
  close(): Promise<void>;
}

export const RESOURCE_STORE = Symbol('ResourceStore');
