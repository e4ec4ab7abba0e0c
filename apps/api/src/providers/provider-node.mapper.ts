import type { ProviderDocument, ScopedRef, SearchHit } from '@pds/search';
import type { CodedValue, DirectorySource, NamedReference, OfficeHours, PracticeLocation, ProviderEndpoint, Qualification } from './provider-details.model';
import type { ProviderSite } from './provider-site.model';
import { KM_PER_MILE } from './near.resolver';
import type { ProviderKind } from './provider-filter.model';
import type { OtherLocation, ProviderAtLocation } from './provider.model';
import type { SourceNamer } from './source-names';

/** A search hit as the GraphQL node: the document, its distance in km and miles, its named source. */
export function toNode(hit: SearchHit, sourceOf: SourceNamer): ProviderAtLocation {
  return new ProviderNode(hit, sourceOf);
}

/**
 * Reads through to the hit's document (shared and frozen, see ParsedDocuments) instead of copying
 * it: GraphQL reads only the fields a client selected, so a page of 20 copies nothing, and the
 * named references (each network, plan and payer with its source) are built only when selected.
 * Copying every document and its references was a quarter of what a search request allocated.
 */
class ProviderNode implements ProviderAtLocation {
  readonly source: DirectorySource;
  private readonly document: ProviderDocument;

  constructor(
    private readonly hit: SearchHit,
    private readonly sourceOf: SourceNamer,
  ) {
    this.document = hit.document;
    this.source = sourceOf(hit.document.source, hit.document.sourceId);
  }

  get id(): string {
    return this.document.id;
  }
  get kind(): ProviderKind {
    return toProviderKind(this.document.kind);
  }
  get practitionerRoleId(): string {
    return this.document.practitionerRoleId;
  }
  get practitionerId(): string | null {
    return this.document.practitionerId;
  }
  get npi(): string | null {
    return this.document.npi;
  }
  get name(): string {
    return this.document.name;
  }
  get gender(): string | null {
    return this.document.gender;
  }
  get languages(): string[] {
    return this.document.languages;
  }
  get qualifications(): Qualification[] {
    return this.document.qualifications;
  }
  get providerKey(): string {
    return this.document.providerKey;
  }
  get location(): PracticeLocation {
    return this.document.location;
  }
  get specialties(): CodedValue[] {
    return this.document.specialties;
  }
  get phones(): string[] {
    return this.document.phones;
  }
  get acceptingNewPatients(): boolean | null {
    return this.document.acceptingNewPatients;
  }
  get telehealth(): boolean {
    return this.document.telehealth;
  }
  // Documents indexed before these fields existed answer empty values.
  get hours(): OfficeHours[] {
    return this.document.hours ?? [];
  }
  get accessibility(): CodedValue[] {
    return this.document.accessibility ?? [];
  }
  get endpoints(): ProviderEndpoint[] {
    return this.document.endpoints ?? [];
  }
  get lastUpdated(): string | null {
    return this.document.lastUpdated ?? null;
  }
  get serviceCategories(): CodedValue[] {
    return this.document.serviceCategories ?? [];
  }
  get serviceTypes(): CodedValue[] {
    return this.document.serviceTypes ?? [];
  }
  get distanceKm(): number | null {
    return this.hit.distanceKm;
  }
  get distanceMiles(): number | null {
    return this.hit.distanceKm === null ? null : this.hit.distanceKm / KM_PER_MILE;
  }
  get organization(): NamedReference | null {
    return referencesOf(this.document, this.source).organization;
  }
  get networks(): NamedReference[] {
    return this.covered((references) => references.networks);
  }
  get plans(): NamedReference[] {
    return this.covered((references) => references.plans);
  }
  get payers(): NamedReference[] {
    return this.covered((references) => references.payers);
  }
  get otherLocations(): OtherLocation[] {
    return (this.hit.otherLocations ?? []).map(({ document, distanceKm }) => ({ ...document, distanceKm }));
  }

  /**
   * One provider (one NPI) listed by several payers is one edge with onePerProvider: its networks,
   * plans and payers are those of all its matching locations, from every source. Scoped ids keep
   * two payers' `Organization/123` apart; only the same source's resource merges.
   */
  private covered(pick: (references: ProviderReferences) => NamedReference[]): NamedReference[] {
    const own = pick(referencesOf(this.document, this.source));
    if (!this.hit.otherLocations?.length) return own;
    const others = this.hit.otherLocations.flatMap(({ document }) => pick(referencesOf(document, this.sourceOf(document.source, document.sourceId))));
    return [...new Map([...own, ...others].map((named) => [named.id, named])).values()];
  }
}

export function toProviderKind(kind: ProviderDocument['kind']): ProviderKind {
  return kind.toUpperCase() as ProviderKind;
}

type ProviderReferences = Pick<ProviderSite, 'organization' | 'networks' | 'plans' | 'payers'>;

/** A document's organization, networks, plans and payers as GraphQL references, each with its FHIR id and source. */
function references(document: ProviderDocument, source: DirectorySource): ProviderReferences {
  const reference = (ref: ScopedRef) => namedReference(ref, source);
  return {
    organization: document.organization && reference(document.organization),
    networks: document.networks.map(reference),
    plans: document.plans.map(reference),
    payers: document.payers.map(reference),
  };
}

/**
 * Each document's named references, kept with the document while the answers' source object is the
 * same (the registry's, re-read every few seconds): the index shares hot documents between answers
 * (see ParsedDocuments), so their references are built once, not once an answer. Frozen, as the
 * documents are: every answer that selects them reads the same arrays.
 */
const namedReferences = new WeakMap<ProviderDocument, { source: DirectorySource; references: ProviderReferences }>();

function referencesOf(document: ProviderDocument, source: DirectorySource): ProviderReferences {
  const kept = namedReferences.get(document);
  if (kept?.source === source) return kept.references;
  const built = references(document, source);
  for (const list of [built.networks, built.plans, built.payers]) Object.freeze(list);
  namedReferences.set(document, { source, references: Object.freeze(built) });
  return built;
}

/** Documents indexed before ids were scoped carry the bare FHIR id as id. */
function namedReference({ id, fhirId, name }: ScopedRef, source: DirectorySource): NamedReference {
  return { id, fhirId: fhirId ?? id, name, source };
}
