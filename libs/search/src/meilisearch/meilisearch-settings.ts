import type { Settings } from 'meilisearch';
import type { LayTerms } from '../synonyms/synonyms';

export const PRIMARY_KEY = 'id';

/**
 * Index settings, applied to every index the adapter creates (the served one on first use and
 * each rebuild's), so a settings change reaches production with the next rebuild. Lay terms
 * become one-way `synonyms` (the phrase also finds its NUCC wordings, not the reverse).
 */
export function meilisearchSettings(layTerms: LayTerms): Settings {
  return { ...BASE_SETTINGS, synonyms: Object.fromEntries(Object.entries(layTerms).map(([phrase, wordings]) => [phrase.toLowerCase(), [...wordings]])) };
}

const BASE_SETTINGS: Settings = {
  // Order is relevance weight, mirroring the embedded adapter's boosts: names, then
  // specialties and NPI, then organization and place.
  searchableAttributes: ['name', 'familyName', 'specialtyDisplays', 'npi', 'serviceDisplays', 'organizationName', 'locationName', 'city', 'postalCode'],
  filterableAttributes: [
    'kind',
    'specialtyKeys',
    'serviceCategoryKeys',
    'networkKeys',
    'planKeys',
    'payerKeys',
    'languages',
    'languageTags',
    'gender',
    'acceptingNewPatients',
    'telehealth',
    'state',
    'postalCode',
    'organizationKey',
    'networkFhirKeys',
    'planFhirKeys',
    'payerFhirKeys',
    'organizationFhirKey',
    // `distinct` at search time needs its attribute filterable; grouping also filters on it.
    'providerGroup',
    '_geo',
  ],
  sortableAttributes: ['idKey', '_geo'],
  // `sort` first: an explicit sort (distance, id) decides the order; text relevance only ranks
  // when the adapter sends no sort, i.e. a relevance search with text. `idKey:asc` last orders
  // equally relevant hits by id, as the embedded engine does, rather than by insertion.
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'idKey:asc'],
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    // Identifiers must match exactly: an NPI or ZIP code one digit off is someone else
    // (disableOnNumbers covers both; the NPI is also listed by name).
    disableOnAttributes: ['npi'],
    disableOnNumbers: true,
  },
  // Every value of a facet is shown up to this cap (the embedded adapter has none); NUCC has
  // under 1,000 codes, and networks and plans are counted in tens.
  faceting: { maxValuesPerFacet: 10_000 },
  // A search slower than this is cut short with its remaining hits unranked, which the adapter
  // refuses as SEARCH.OVERLOADED (see assertRanked): a find-a-doctor page cannot wait longer.
  searchCutoffMs: 1_000,
  // Totals come from page/hitsPerPage searches and are capped here; deep pages stay reachable.
  pagination: { maxTotalHits: 1_000_000 },
};

/** Attributes Meilisearch keeps as a set: it may answer them in another order. */
const UNORDERED = new Set(['filterableAttributes', 'sortableAttributes']);

/**
 * Whether an index's settings (as Meilisearch reports them, every setting filled in) differ
 * from the wanted ones in anything the wanted ones set. Order counts in lists, except in the
 * attribute sets.
 */
export function settingsDiffer(current: Settings, wanted: Settings): boolean {
  return Object.entries(wanted).some(([key, value]) => {
    const actual = (current as Record<string, unknown>)[key];
    if (UNORDERED.has(key) && Array.isArray(value) && Array.isArray(actual)) {
      return !covers([...actual].map(String).sort(), [...value].map(String).sort());
    }
    return !covers(actual, value);
  });
}

/** `actual` equals `wanted`, or holds everything `wanted` sets when both are objects. */
function covers(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) {
    return Array.isArray(actual) && actual.length === wanted.length && wanted.every((item, i) => covers(actual[i], item));
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(wanted).every(([key, value]) => covers((actual as Record<string, unknown>)[key], value));
  }
  return actual === wanted;
}
