import type { ProviderDocument } from '../provider-document';

/**
 * What one ProviderDocument looks like inside Meilisearch: flat attributes to filter, facet,
 * sort and search on, plus the untouched document under `document` to map hits back.
 */
export interface MeiliProviderDocument {
  id: string;
  kind: ProviderDocument['kind'];
  /** The `distinct` attribute of per-provider grouping. */
  providerKey: string;
  name: string;
  familyName: string | null;
  npi: string | null;
  gender: string | null;
  /** Lower-cased full tags, for the `language` facet. */
  languages: string[];
  /** Lower-cased full tags plus their primary subtags, so a filter "es" also matches "es-MX". */
  languageTags: string[];
  specialtyCodes: string[];
  specialtyDisplays: string[];
  serviceCategoryCodes: string[];
  /** Display texts of the service categories and types, searchable like specialties. */
  serviceDisplays: string[];
  networkIds: string[];
  planIds: string[];
  payerIds: string[];
  organizationId: string | null;
  organizationName: string | null;
  locationName: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  acceptingNewPatients: boolean | null;
  telehealth: boolean;
  /** Present only when the location has a trusted position, so geo filters skip the rest. */
  _geo?: { lat: number; lng: number };
  document: ProviderDocument;
}

/** A search hit as the adapter requests it: only the stored document. */
export type MeiliProviderHit = Pick<MeiliProviderDocument, 'document'>;

/** Languages filter case-insensitively: both sides are lower-cased. */
export function normalizeLanguageTag(tag: string): string {
  return tag.toLowerCase();
}

/** Each tag lower-cased, plus its primary subtag ("zh-CN" -> "zh-cn", "zh"). */
export function languageTags(languages: readonly string[]): string[] {
  const tags = new Set<string>();
  for (const language of languages) {
    const tag = normalizeLanguageTag(language);
    tags.add(tag);
    tags.add(tag.split('-')[0]);
  }
  return [...tags];
}

/** States filter case-insensitively: both sides are upper-cased. */
export function normalizeState(state: string): string {
  return state.toUpperCase();
}

const unique = (values: string[]): string[] => [...new Set(values)];

export function toMeiliDocument(document: ProviderDocument): MeiliProviderDocument {
  const { location, organization } = document;
  const meili: MeiliProviderDocument = {
    id: document.id,
    kind: document.kind,
    providerKey: document.providerKey,
    name: document.name,
    familyName: document.familyName,
    npi: document.npi,
    gender: document.gender,
    languages: unique(document.languages.map(normalizeLanguageTag)),
    languageTags: languageTags(document.languages),
    specialtyCodes: unique(document.specialties.map((specialty) => specialty.code)),
    specialtyDisplays: unique(document.specialties.flatMap((specialty) => specialty.display ?? [])),
    serviceCategoryCodes: unique((document.serviceCategories ?? []).map((category) => category.code)),
    serviceDisplays: unique([...(document.serviceCategories ?? []), ...(document.serviceTypes ?? [])].flatMap((service) => service.display ?? [])),
    networkIds: unique(document.networks.map((network) => network.id)),
    planIds: unique(document.plans.map((plan) => plan.id)),
    payerIds: unique(document.payers.map((payer) => payer.id)),
    organizationId: organization?.id ?? null,
    organizationName: organization?.name ?? null,
    locationName: location.name,
    city: location.address?.city ?? null,
    state: location.address?.state ? normalizeState(location.address.state) : null,
    postalCode: location.address?.postalCode ?? null,
    acceptingNewPatients: document.acceptingNewPatients,
    telehealth: document.telehealth,
    document,
  };
  if (location.position) {
    meili._geo = { lat: location.position.latitude, lng: location.position.longitude };
  }
  return meili;
}
