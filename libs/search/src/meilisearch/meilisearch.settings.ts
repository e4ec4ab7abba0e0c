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
    'specialtyCodes',
    'serviceCategoryCodes',
    'networkIds',
    'planIds',
    'payerIds',
    'languages',
    'languageTags',
    'gender',
    'acceptingNewPatients',
    'telehealth',
    'state',
    'postalCode',
    'organizationId',
    // `distinct` at search time needs its attribute filterable; grouping also filters on it.
    'providerKey',
    '_geo',
  ],
  sortableAttributes: ['id', '_geo'],
  // `sort` first: an explicit sort (distance, id) decides the order; text relevance only ranks
  // when the adapter sends no sort, i.e. a relevance search with text.
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    // Identifiers must match exactly: an NPI or ZIP code one digit off is someone else
    // (disableOnNumbers covers both; the NPI is also listed by name).
    disableOnAttributes: ['npi'],
    disableOnNumbers: true,
  },
  // Every value of a facet is shown, as the embedded adapter does; NUCC has under 1,000 codes.
  faceting: { maxValuesPerFacet: 10_000 },
  // Totals come from page/hitsPerPage searches and are capped here; deep pages stay reachable.
  pagination: { maxTotalHits: 1_000_000 },
};
