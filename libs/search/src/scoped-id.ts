/**
 * Networks, plans, payers and organizations are FHIR resources whose logical ids are unique only
 * within one source: two payers on HAPI servers both publish `Organization/123`. Documents name
 * them by `<sourceId>:<fhirId>` instead. `:` is in neither alphabet (source ids are lower-case
 * letters, digits and `-`; FHIR ids letters, digits, `-` and `.`), so the first `:` always
 * splits one apart, and it needs no escaping in a URL path, a query string or a filter.
 */
export const SCOPE_SEPARATOR = ':';

export function scopedId(sourceId: string, fhirId: string): string {
  return `${sourceId}${SCOPE_SEPARATOR}${fhirId}`;
}

/**
 * Whether a filter value names one source's resource (`acme:123`) rather than a bare FHIR id
 * (`123`), which matches that id in every source.
 */
export function isScopedId(value: string): boolean {
  return value.includes(SCOPE_SEPARATOR);
}

/** The source id of a scoped id; null for a bare one (documents indexed before ids were scoped). */
export function sourceIdOf(id: string): string | null {
  const at = id.indexOf(SCOPE_SEPARATOR);
  return at < 0 ? null : id.slice(0, at);
}

/** Whether a filter value names an id: the same scoped id, or, bare, its FHIR id (or a bare id indexed before scoping). */
export function matchesId(id: string, value: string): boolean {
  return value === id || (!isScopedId(value) && id.slice(id.indexOf(SCOPE_SEPARATOR) + 1) === value);
}
