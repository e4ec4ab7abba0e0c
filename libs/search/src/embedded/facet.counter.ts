import type { ProviderDocument } from '../provider-document';
import type { FacetCount, FacetField, SearchResult } from '../search-query';

/** The value(s) a document contributes to each facet; languages count as lower-case full tags. */
const FACET_VALUES: Record<FacetField, (document: ProviderDocument) => readonly string[]> = {
  specialty: (d) => d.specialties.map((s) => s.code),
  language: (d) => d.languages.map((tag) => tag.toLowerCase()),
  network: (d) => d.networks.map((n) => n.id),
  plan: (d) => d.plans.map((p) => p.id),
  acceptingNewPatients: (d) => (d.acceptingNewPatients === null ? [] : [String(d.acceptingNewPatients)]),
  gender: (d) => (d.gender === null ? [] : [d.gender]),
};

/**
 * Counts, over every matched document (not just the page), how many documents carry each
 * value; a document counts once per value. Sorted by count descending, then value.
 */
export function countFacets(
  documents: readonly ProviderDocument[],
  matched: ArrayLike<number>,
  fields: readonly FacetField[],
): SearchResult['facets'] {
  const facets: SearchResult['facets'] = {};
  for (const field of new Set(fields)) {
    const valuesOf = FACET_VALUES[field];
    const counts = new Map<string, number>();
    for (let i = 0; i < matched.length; i++) {
      const values = valuesOf(documents[matched[i]]);
      for (let j = 0; j < values.length; j++) {
        // Skip repeats within one document, which would count it twice.
        if (values.indexOf(values[j]) === j) counts.set(values[j], (counts.get(values[j]) ?? 0) + 1);
      }
    }
    facets[field] = sortCounts(counts);
  }
  return facets;
}

function sortCounts(counts: Map<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
