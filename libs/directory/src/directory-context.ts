import { resolveReference, type FhirResource, type PlanNetType, type ResolvedReference } from '@pds/fhir';
import type { Named } from '@pds/search';
import type { ResourceStore } from '@pds/store';
import { asArray, asObject, asText } from './fhir-json-reader';

/**
 * The resource types a provider document joins to, loaded whole: they are small beside
 * PractitionerRole and Practitioner, which are streamed. Facility documents will add
 * OrganizationAffiliation here.
 */
export const PROVIDER_CONTEXT_TYPES: readonly PlanNetType[] = [
  'Organization',
  'Location',
  'HealthcareService',
  'InsurancePlan',
  'Endpoint',
  'OrganizationAffiliation',
];

/** A referenced resource that could be read, with the id it is known by (`#id` when contained). */
export interface ReadableTarget {
  id: string;
  resource: FhirResource;
}

/** Alias look-ups remembered per build; bounded so a source of millions of urn references cannot exhaust memory. */
const ALIAS_CACHE_LIMIT = 100_000;

/** What a reference points at: its id in the source, and the resource when it could be read. */
export interface ReferenceTarget {
  /** Logical id; `#id` for a contained resource, whose id only means something inside its container. */
  id: string;
  resource: FhirResource | null;
}

/**
 * One source's small resource types in memory, and reference resolution against them and
 * the store's aliases. Built once per build of a source.
 */
export class DirectoryContext {
  private constructor(
    private readonly store: ResourceStore,
    readonly source: string,
    private readonly resourcesByType: ReadonlyMap<PlanNetType, ReadonlyMap<string, FhirResource>>,
    private readonly aliasCache = new Map<string, string | null>(),
    private readonly inputs: Set<string> | null = null,
  ) {}

  /** Loads every resource of `types` of a source. */
  static async load(
    store: ResourceStore,
    source: string,
    types: readonly PlanNetType[] = PROVIDER_CONTEXT_TYPES,
  ): Promise<DirectoryContext> {
    const resourcesByType = new Map<PlanNetType, Map<string, FhirResource>>();
    for (const type of types) {
      const byId = new Map<string, FhirResource>();
      for await (const batch of store.scan(source, type)) {
        for (const resource of batch) if (typeof resource.id === 'string') byId.set(resource.id, resource);
      }
      resourcesByType.set(type, byId);
    }
    return new DirectoryContext(store, source, resourcesByType);
  }

  /**
   * A view of the same resources that adds the `Type/id` of every resource it is asked for
   * (found or dangling, never `#contained`) to `inputs`: what a document read is what must
   * rebuild it when it changes.
   */
  recordingInto(inputs: Set<string>): DirectoryContext {
    return new DirectoryContext(this.store, this.source, this.resourcesByType, this.aliasCache, inputs);
  }

  /** Adds `Type/id` to the recorded inputs, if this view records; contained ids are part of their container. */
  record(type: PlanNetType, id: string): void {
    if (this.inputs && !id.startsWith('#')) this.inputs.add(`${type}/${id}`);
  }

  /** Every loaded resource of a type. */
  all(type: PlanNetType): Iterable<FhirResource> {
    return this.resourcesByType.get(type)?.values() ?? [];
  }

  /** A loaded resource by id, or null. */
  get(type: PlanNetType, id: string): FhirResource | null {
    this.record(type, id);
    return this.resourcesByType.get(type)?.get(id) ?? null;
  }

  /** Resolves a reference in any form; urn and absolute references go through the source's aliases. */
  resolve(reference: unknown, referrer: FhirResource | null): Promise<ResolvedReference | null> {
    return resolveReference(reference, referrer, (url) => this.lookupAlias(url));
  }

  /**
   * The target of a reference that must name a `type`: contained, loaded, or dangling (id known,
   * resource null). Null when the reference is unreadable or names another type.
   */
  async target(reference: unknown, referrer: FhirResource | null, type: PlanNetType): Promise<ReferenceTarget | null> {
    const resolved = await this.resolve(reference, referrer);
    if (!resolved || resolved.type !== type) return null;
    if (resolved.resource) return { id: `#${resolved.id}`, resource: resolved.resource };
    // Recorded even when dangling: the resource arriving later must rebuild the referrer.
    return { id: resolved.id, resource: this.get(type, resolved.id) };
  }

  /** The targets of references that could be read: contained or loaded (dangling ones are skipped). */
  async readable(references: unknown, referrer: FhirResource, type: PlanNetType): Promise<ReadableTarget[]> {
    const targets = await Promise.all(asArray(references).map((reference) => this.target(reference, referrer, type)));
    return targets.flatMap((target) => (target?.resource ? [{ id: target.id, resource: target.resource }] : []));
  }

  /** `{ id, name }` of a referenced resource; the reference's display names a dangling one. */
  async named(reference: unknown, referrer: FhirResource | null, type: PlanNetType): Promise<Named | null> {
    return (await this.namedTarget(reference, referrer, type))?.named ?? null;
  }

  /** {@link named} together with the resource it names (null when dangling), from one resolution. */
  async namedTarget(
    reference: unknown,
    referrer: FhirResource | null,
    type: PlanNetType,
  ): Promise<{ named: Named; resource: FhirResource | null } | null> {
    const target = await this.target(reference, referrer, type);
    if (!target) return null;
    return { named: { id: target.id, name: asText(target.resource?.name) ?? asText(asObject(reference)?.display) }, resource: target.resource };
  }

  private async lookupAlias(url: string): Promise<string | null> {
    const cached = this.aliasCache.get(url);
    if (cached !== undefined) return cached;
    const alias = await this.store.resolveAlias(this.source, url);
    if (this.aliasCache.size >= ALIAS_CACHE_LIMIT) this.aliasCache.clear();
    this.aliasCache.set(url, alias);
    return alias;
  }
}
