import type { ProviderDocument, ScopedRef } from '../provider-document';
import type { FacetField, SearchFilters } from '../search-query';

export type FilterField = keyof SearchFilters;

/** How one filter field reads a document and how a query value is normalised to match it. */
interface FilterRule {
  keys(document: ProviderDocument): readonly string[];
  normalize(value: string): string;
}

const exact = (value: string): string => value;
/**
 * A scoped reference matches its scoped id and its bare FHIR id: a bare filter value matches that
 * id in every source (see scoped-id.ts). A document indexed before scoping has only its bare id.
 */
const scopedKeys = (refs: readonly ScopedRef[]): string[] => refs.flatMap((ref) => (ref.fhirId === undefined ? [ref.id] : [ref.id, ref.fhirId]));
const flag = (value: boolean | null): string[] => (value === null ? [] : [String(value)]);

/**
 * Languages match case-insensitively, on the full tag or on its primary subtag: a filter
 * "es" matches "es" and "es-MX", a filter "es-MX" matches only "es-MX".
 */
function languageKeys(document: ProviderDocument): string[] {
  const keys: string[] = [];
  for (const tag of document.languages) {
    const full = tag.toLowerCase();
    keys.push(full, full.split('-')[0]);
  }
  return keys;
}

export const FILTER_RULES: Record<FilterField, FilterRule> = {
  specialties: { keys: (d) => d.specialties.map((s) => s.code), normalize: exact },
  networks: { keys: (d) => scopedKeys(d.networks), normalize: exact },
  plans: { keys: (d) => scopedKeys(d.plans), normalize: exact },
  payers: { keys: (d) => scopedKeys(d.payers), normalize: exact },
  organizations: { keys: (d) => (d.organization ? scopedKeys([d.organization]) : []), normalize: exact },
  languages: { keys: languageKeys, normalize: (v) => v.toLowerCase() },
  gender: { keys: (d) => (d.gender === null ? [] : [d.gender]), normalize: exact },
  acceptingNewPatients: { keys: (d) => flag(d.acceptingNewPatients), normalize: exact },
  telehealth: { keys: (d) => flag(d.telehealth), normalize: exact },
  states: { keys: (d) => (d.location.address?.state ? [d.location.address.state.toUpperCase()] : []), normalize: (v) => v.toUpperCase() },
  postalCodes: { keys: (d) => (d.location.address?.postalCode ? [d.location.address.postalCode] : []), normalize: exact },
  kinds: { keys: (d) => [d.kind], normalize: exact },
  providerKeys: { keys: (d) => [d.providerKey], normalize: exact },
  serviceCategories: { keys: (d) => (d.serviceCategories ?? []).map((c) => c.code), normalize: exact },
};

export const FILTER_FIELDS = Object.keys(FILTER_RULES) as FilterField[];

/** One key space for every field's values, so all filters share one posting table. */
export const filterKey = (field: FilterField, value: string): string => `${field}:${value}`;

/** The value(s) a document contributes to each facet; languages count as lower-case full tags. */
export const FACET_VALUES: Record<FacetField, (document: ProviderDocument) => readonly string[]> = {
  specialty: (d) => d.specialties.map((s) => s.code),
  language: (d) => d.languages.map((tag) => tag.toLowerCase()),
  network: (d) => d.networks.map((n) => n.id),
  plan: (d) => d.plans.map((p) => p.id),
  acceptingNewPatients: (d) => (d.acceptingNewPatients === null ? [] : [String(d.acceptingNewPatients)]),
  gender: (d) => (d.gender === null ? [] : [d.gender]),
  kind: (d) => [d.kind],
  serviceCategory: (d) => (d.serviceCategories ?? []).map((c) => c.code),
};

/**
 * Searchable text and the weight a term found there carries: names first, then specialties,
 * NPI and services (category and type displays), then organization and place (the Meilisearch adapter orders its attributes alike).
 */
export const TEXT_FIELDS: readonly { boost: number; text(document: ProviderDocument): string | null }[] = [
  { boost: 3, text: (d) => d.name },
  { boost: 3, text: (d) => d.familyName },
  { boost: 2, text: (d) => d.specialties.map((s) => s.display ?? '').join(' ') },
  { boost: 2, text: (d) => d.npi },
  { boost: 2, text: (d) => [...(d.serviceCategories ?? []), ...(d.serviceTypes ?? [])].map((s) => s.display ?? '').join(' ') },
  { boost: 1, text: (d) => d.organization?.name ?? null },
  { boost: 1, text: (d) => d.location.name },
  { boost: 1, text: (d) => d.location.address?.city ?? null },
  { boost: 1, text: (d) => d.location.address?.postalCode ?? null },
];
