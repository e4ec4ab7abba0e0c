import type { Named, ProviderDocument, SearchHit } from '@pds/search';
import { KM_PER_MILE } from './near.resolver';
import type { ProviderKind } from './provider-filter.input';
import type { ProviderAtLocation } from './provider.model';
import type { SourceNamer } from './source-names';

/** A search hit as the GraphQL node: the document, its distance in km and miles, its named source. */
export function toNode(hit: SearchHit, sourceOf: SourceNamer): ProviderAtLocation {
  const { distanceKm } = hit;
  // Into withDefaults' fresh copy rather than a second spread of every field: a page copies 20 documents.
  return Object.assign(withDefaults(hit.document), providerCoverage(hit), {
    kind: toProviderKind(hit.document.kind),
    source: sourceOf(hit.document.source),
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
function providerCoverage(hit: SearchHit): Partial<Pick<ProviderDocument, 'networks' | 'plans' | 'payers'>> {
  if (!hit.otherLocations?.length) return {}; // one location: its own lists, without a copy per hit
  const documents = [hit.document, ...hit.otherLocations.map((other) => other.document)];
  const union = (pick: (document: ProviderDocument) => Named[]) => [...new Map(documents.flatMap(pick).map((named) => [named.id, named])).values()];
  return { networks: union((d) => d.networks), plans: union((d) => d.plans), payers: union((d) => d.payers) };
}
