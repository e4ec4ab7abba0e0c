import type { ProviderDocument, ScopedRef, SearchHit } from '@pds/search';
import type { DirectorySource, NamedReference } from './provider-details.model';
import type { ProviderSite } from './provider-site.model';
import { KM_PER_MILE } from './near.resolver';
import type { ProviderKind } from './provider-filter.model';
import type { ProviderAtLocation } from './provider.model';
import type { SourceNamer } from './source-names';

/** A search hit as the GraphQL node: the document, its distance in km and miles, its named source. */
export function toNode(hit: SearchHit, sourceOf: SourceNamer): ProviderAtLocation {
  const { distanceKm } = hit;
  // Into withDefaults' fresh copy rather than a second spread of every field: a page copies 20 documents.
  const source = sourceOf(hit.document.source, hit.document.sourceId);
  return Object.assign(withDefaults(hit.document), references(hit.document, source), providerCoverage(hit, sourceOf), {
    kind: toProviderKind(hit.document.kind),
    source,
    distanceKm,
    distanceMiles: distanceKm === null ? null : distanceKm / KM_PER_MILE,
    otherLocations: (hit.otherLocations ?? []).map(({ document, distanceKm: km }) => ({ ...document, distanceKm: km })),
  });
}

export function toProviderKind(kind: ProviderDocument['kind']): ProviderKind {
  return kind.toUpperCase() as ProviderKind;
}

/** Documents indexed before hours, accessibility, endpoints and lastUpdated existed answer empty values. */
export function withDefaults(document: ProviderDocument): ProviderDocument {
  return {
    ...document,
    hours: document.hours ?? [],
    accessibility: document.accessibility ?? [],
    endpoints: document.endpoints ?? [],
    lastUpdated: document.lastUpdated ?? null,
    serviceCategories: document.serviceCategories ?? [],
    serviceTypes: document.serviceTypes ?? [],
  };
}

/**
 * One provider (one NPI) listed by several payers is one edge with onePerProvider: its networks,
 * plans and payers are those of all its matching locations, from every source.
 */
function providerCoverage(hit: SearchHit, sourceOf: SourceNamer): Partial<Pick<ProviderReferences, 'networks' | 'plans' | 'payers'>> {
  if (!hit.otherLocations?.length) return {}; // one location: its own lists, without a copy per hit
  const all = [hit.document, ...hit.otherLocations.map((other) => other.document)].map((document) =>
    references(document, sourceOf(document.source, document.sourceId)),
  );
  // Scoped ids keep two payers' `Organization/123` apart; only the same source's resource merges.
  const union = (pick: (refs: ProviderReferences) => NamedReference[]) => [...new Map(all.flatMap(pick).map((named) => [named.id, named])).values()];
  return { networks: union((r) => r.networks), plans: union((r) => r.plans), payers: union((r) => r.payers) };
}

type ProviderReferences = Pick<ProviderSite, 'organization' | 'networks' | 'plans' | 'payers'>;

/** A document's organization, networks, plans and payers as GraphQL references, each with its FHIR id and source. */
export function references(document: ProviderDocument, source: DirectorySource): ProviderReferences {
  // Documents indexed before ids were scoped carry the bare FHIR id as id.
  const reference = ({ id, fhirId, name }: ScopedRef): NamedReference => ({ id, fhirId: fhirId ?? id, name, source });
  return {
    organization: document.organization && reference(document.organization),
    networks: document.networks.map(reference),
    plans: document.plans.map(reference),
    payers: document.payers.map(reference),
  };
}
