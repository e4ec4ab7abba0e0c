import { isScopedId } from '../scoped-id';
import type { GeoBoundingBox, GeoRadius, SearchFilters, SearchQuery } from '../search-query';
import { idKey, normalizeLanguageTag, normalizeState, providerGroup } from './meilisearch-document';

type ListFilter = Exclude<
  { [K in keyof SearchFilters]: SearchFilters[K] extends string[] | undefined ? K : never }[keyof SearchFilters],
  undefined
>;

/** Which flattened attribute (see meilisearch-document.ts) each list filter matches on. */
const LIST_ATTRIBUTES: Record<ListFilter, string> = {
  specialties: 'specialtyKeys',
  networks: 'networkKeys',
  plans: 'planKeys',
  payers: 'payerKeys',
  languages: 'languageTags',
  states: 'state',
  postalCodes: 'postalCode',
  organizations: 'organizationKey',
  kinds: 'kind',
  providerKeys: 'providerGroup',
  serviceCategories: 'serviceCategoryKeys',
};

/**
 * Where a bare FHIR id (see scoped-id.ts) is looked up besides the scoped ids' attribute: in
 * every source's documents, and in those indexed before scoping, whose scoped attribute holds it.
 */
const FHIR_ID_ATTRIBUTES: Partial<Record<ListFilter, string>> = {
  networks: 'networkFhirKeys',
  plans: 'planFhirKeys',
  payers: 'payerFhirKeys',
  organizations: 'organizationFhirKey',
};

/** Values normalised as the documents' are: case-folded where the embedded adapter folds, keys where it matches exactly. */
const NORMALIZE: Partial<Record<ListFilter, (value: string) => string>> = {
  specialties: idKey,
  networks: idKey,
  plans: idKey,
  payers: idKey,
  organizations: idKey,
  serviceCategories: idKey,
  providerKeys: providerGroup,
  languages: normalizeLanguageTag,
  states: normalizeState,
};

/** A double-quoted filter value; Meilisearch unescapes `\"` and then `\\`, so backslashes go first. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Plain decimal notation, the only form Meilisearch documents for geo arguments (its own
 * `_geoPoint` matching for `_geoDistance` accepts only `[digits.-]`), so "1e-7" never goes out.
 */
export function formatNumber(value: number): string {
  const text = String(value);
  return text.includes('e') ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}

export function geoRadiusFilter(near: GeoRadius): string {
  return `_geoRadius(${formatNumber(near.latitude)}, ${formatNumber(near.longitude)}, ${formatNumber(near.radiusKm * 1000)})`;
}

/**
 * `_geoBoundingBox([north, east], [south, west])`: Meilisearch takes the north-east corner
 * first, then the south-west one. A box crossing the antimeridian (west > east) is sent as
 * its two halves, OR-ed, rather than relying on the engine to wrap longitudes.
 */
export function geoBoundingBoxFilter(box: GeoBoundingBox): string {
  const corners = (east: number, west: number): string =>
    `_geoBoundingBox([${formatNumber(box.north)}, ${formatNumber(east)}], [${formatNumber(box.south)}, ${formatNumber(west)}])`;
  if (box.west <= box.east) return corners(box.east, box.west);
  return `(${corners(180, box.west)} OR ${corners(box.east, -180)})`;
}

/** Documents of any of the given providers (the second request of a grouped search). */
export function providerKeyFilter(keys: readonly string[]): string {
  return `providerGroup IN [${keys.map((key) => quoteFilterValue(providerGroup(key))).join(', ')}]`;
}

function anyOf(key: ListFilter, values: readonly string[]): string {
  const attribute = LIST_ATTRIBUTES[key];
  const normalize = NORMALIZE[key] ?? ((value: string) => value);
  const fhirIdAttribute = FHIR_ID_ATTRIBUTES[key];
  const clauses = values.flatMap((value) => {
    const quoted = quoteFilterValue(normalize(value));
    const scoped = `${attribute} = ${quoted}`;
    return fhirIdAttribute && !isScopedId(value) ? [scoped, `${fhirIdAttribute} = ${quoted}`] : [scoped];
  });
  return clauses.length === 1 ? clauses[0] : `(${clauses.join(' OR ')})`;
}

/**
 * Builds the Meilisearch filter expression for a query: values OR-ed within a field, fields
 * AND-ed, a `_geoRadius` when `near` is set and a `_geoBoundingBox` when `boundingBox` is. Undefined when nothing restricts the search.
 */
export function buildFilter(query: Pick<SearchQuery, 'filters' | 'near' | 'boundingBox'>): string | undefined {
  const filters = query.filters ?? {};
  const clauses: string[] = [];
  for (const key of Object.keys(LIST_ATTRIBUTES) as ListFilter[]) {
    const values = filters[key];
    // An empty list does not constrain the search, as in the embedded adapter.
    if (!values || values.length === 0) continue;
    clauses.push(anyOf(key, values));
  }
  if (filters.gender !== undefined) clauses.push(`gender = ${quoteFilterValue(filters.gender)}`);
  if (filters.acceptingNewPatients !== undefined) clauses.push(`acceptingNewPatients = ${filters.acceptingNewPatients}`);
  if (filters.telehealth !== undefined) clauses.push(`telehealth = ${filters.telehealth}`);
  if (query.near) clauses.push(geoRadiusFilter(query.near));
  if (query.boundingBox) clauses.push(geoBoundingBoxFilter(query.boundingBox));
  return clauses.length > 0 ? clauses.join(' AND ') : undefined;
}
