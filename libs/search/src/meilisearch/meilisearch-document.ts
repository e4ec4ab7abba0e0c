import { createHash } from 'node:crypto';
import type { ProviderDocument, ScopedRef } from '../provider-document';

/**
 * What one ProviderDocument looks like inside Meilisearch: flat attributes to filter, facet,
 * sort and search on, plus the untouched document under `document` to map hits back.
 * Ids and codes are filtered, sorted and deduplicated as keys (see idKey).
 */
export interface MeiliProviderDocument {
  /** The primary key: Meilisearch matches it exactly, but sorts only on `idKey`. */
  id: string;
  idKey: string;
  kind: ProviderDocument['kind'];
  /** The `distinct` attribute of per-provider grouping: see providerGroup. */
  providerGroup: string;
  name: string;
  familyName: string | null;
  npi: string | null;
  gender: string | null;
  /** Lower-cased full tags, for the `language` facet. */
  languages: string[];
  /** Lower-cased full tags plus their primary subtags, so a filter "es" also matches "es-MX". */
  languageTags: string[];
  specialtyKeys: string[];
  specialtyDisplays: string[];
  serviceCategoryKeys: string[];
  /** Display texts of the service categories and types, searchable like specialties. */
  serviceDisplays: string[];
  /** Scoped ids (see scoped-id.ts), for facets and scoped filter values. */
  networkKeys: string[];
  planKeys: string[];
  payerKeys: string[];
  organizationKey: string | null;
  /** Bare FHIR ids, for bare filter values (documents indexed before ids were scoped lack them). */
  networkFhirKeys: string[];
  planFhirKeys: string[];
  payerFhirKeys: string[];
  organizationFhirKey: string | null;
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

/** Meilisearch cannot keep a facet value longer than this many bytes (milli's MAX_FACET_VALUE_LENGTH). */
const MAX_KEY_BYTES = 468;

/**
 * An id or code as Meilisearch can filter, sort and deduplicate it exactly. Meilisearch trims,
 * NFKD-normalises and lower-cases string values first (milli's `normalize_facet`), so "Ab" and
 * "aB" would be one value and sort case-blind. Hex of the UTF-8 bytes has no case, survives the
 * normalisation and sorts as the bytes do: for the ASCII ids we index, the embedded engine's
 * code-unit order.
 */
export function idKey(value: string): string {
  return Buffer.from(value, 'utf8').toString('hex');
}

/** idKey of a document's value, refused when Meilisearch could not keep it whole. */
function documentKey(value: string): string {
  const key = idKey(value);
  if (key.length > MAX_KEY_BYTES) {
    throw new RangeError(`"${value.slice(0, 40)}…" is ${key.length / 2} bytes; Meilisearch can filter on ids of at most ${MAX_KEY_BYTES / 2}.`);
  }
  return key;
}

export function fromIdKey(key: string): string {
  return Buffer.from(key, 'hex').toString('utf8');
}

/**
 * A provider key as a case-safe, fixed-length group: the key holds the source's base URL, which
 * may be too long for idKey, and groups are only compared for equality, never sorted.
 */
export function providerGroup(providerKey: string): string {
  return createHash('sha256').update(providerKey).digest('hex');
}

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
const fhirKeys = (refs: readonly ScopedRef[]): string[] => unique(refs.flatMap((ref) => (ref.fhirId === undefined ? [] : [documentKey(ref.fhirId)])));

export function toMeiliDocument(document: ProviderDocument): MeiliProviderDocument {
  const { location, organization } = document;
  const meili: MeiliProviderDocument = {
    id: document.id,
    idKey: documentKey(document.id),
    kind: document.kind,
    providerGroup: providerGroup(document.providerKey),
    name: document.name,
    familyName: document.familyName,
    npi: document.npi,
    gender: document.gender,
    languages: unique(document.languages.map(normalizeLanguageTag)),
    languageTags: languageTags(document.languages),
    specialtyKeys: unique(document.specialties.map((specialty) => documentKey(specialty.code))),
    specialtyDisplays: unique(document.specialties.flatMap((specialty) => specialty.display ?? [])),
    serviceCategoryKeys: unique((document.serviceCategories ?? []).map((category) => documentKey(category.code))),
    serviceDisplays: unique([...(document.serviceCategories ?? []), ...(document.serviceTypes ?? [])].flatMap((service) => service.display ?? [])),
    networkKeys: unique(document.networks.map((network) => documentKey(network.id))),
    planKeys: unique(document.plans.map((plan) => documentKey(plan.id))),
    payerKeys: unique(document.payers.map((payer) => documentKey(payer.id))),
    organizationKey: organization ? documentKey(organization.id) : null,
    networkFhirKeys: fhirKeys(document.networks),
    planFhirKeys: fhirKeys(document.plans),
    payerFhirKeys: fhirKeys(document.payers),
    organizationFhirKey: organization?.fhirId === undefined ? null : documentKey(organization.fhirId),
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
