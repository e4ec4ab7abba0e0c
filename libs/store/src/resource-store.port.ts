import type { FhirResource, PlanNetType } from '@pds/fhir';

/** What a write changed, judged by content hash (the resource without `meta` and `text`). */
export interface ChangeCounts {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** The result of a write: its counts and the journal sequence after it. */
export interface ChangeSet extends ChangeCounts {
  sequence: number;
}

/**
 * A full pass over one source being written beside what is stored. `commit` replaces the
 * source's resources with the pass at once; `abort` leaves the stored ones as they were. A pass
 * outlives its process: `beginPass(source, id)` resumes it after a crash with what it already holds.
 */
export interface StorePass {
  readonly id: string;
  /** Idempotent: putting a resource again replaces it in the pass. */
  put(resources: FhirResource[]): Promise<void>;
  /** Records that a Bundle `fullUrl` (absolute URL or urn:uuid) names `Type/id`. */
  putAliases(aliases: Record<string, string>): Promise<void>;
  /** What `commit` would do to the live resources, without doing it (the deletion guard reads it). */
  preview(): Promise<ChangeCounts>;
  /** Replaces the live resources; every added, updated and deleted one enters the change journal. */
  commit(): Promise<ChangeSet>;
  abort(): Promise<void>;
}

/** The resource store port: harvested resources per source. Adapters: embedded files and Redis. */
export interface ResourceStore {
  /**
   * Starts a full pass, or resumes the uncommitted pass `passId` with the resources it holds
   * (`UnknownPassError` if it was committed, aborted, expired or is another source's). A put cut
   * short by a crash may be partly kept: put that batch again after resuming.
   */
  beginPass(source: string, passId?: string): Promise<StorePass>;
  /** Incremental writes into the live resources; equal content is `unchanged` and not journaled. */
  upsert(source: string, resources: FhirResource[]): Promise<ChangeSet>;
  /** Deletes `Type/id` refs from the live resources; missing ones are ignored. */
  remove(source: string, refs: string[]): Promise<ChangeSet>;
  /**
   * The change journal: distinct `Type/id` refs added, updated or deleted after `sequence`, at
   * most `limit`, and the sequence to ask from next. Lets the index catch up after a crash.
   * Start from 0; a sequence this journal never gave is a RangeError.
   */
  changesSince(source: string, sequence: number, limit: number): Promise<{ refs: string[]; sequence: number }>;
  getMany(source: string, type: PlanNetType, ids: string[]): Promise<(FhirResource | null)[]>;
  /** Streams every stored resource of a type, in batches. */
  scan(source: string, type: PlanNetType, batchSize?: number): AsyncIterable<FhirResource[]>;
  /** `Type/id` for a fullUrl recorded by `putAliases`, or null. */
  resolveAlias(source: string, url: string): Promise<string | null>;
  /** Source keys with a committed pass or an upsert. */
  sources(): Promise<string[]>;
  counts(source: string): Promise<Partial<Record<PlanNetType, number>>>;
  close(): Promise<void>;
}

export const RESOURCE_STORE = Symbol('ResourceStore');
