import type { ProviderDocument } from '@pds/search';
import { type BenchQuery, Q3_FACETS } from './bench-query';
import { searchableTexts, textTerms, typoBudget, withinEdits } from './text-match';

/** A document flattened once for scanning: positions in radians, keys as plain strings. */
interface Row {
  index: number;
  lat: number;
  lon: number;
  specialties: string[];
  networks: string[];
  plans: string[];
  languages: string[];
  facetLanguages: string[];
  accepting: string | null;
  kind: ProviderDocument['kind'];
  /** [term, boost] pairs. */
  terms: [string, number][];
}

const BOOSTS: Record<string, number> = { name: 3, familyName: 3, specialtyText: 2, npi: 2, organization: 1, locationName: 1, city: 1, postalCode: 1 };
const RAD = Math.PI / 180;
const EARTH_KM = 6371.0088;

/** What a scan answers: enough to check it did the work (ids of the page, total, facets). */
export interface ScanResult {
  total: number;
  ids: number[];
  facets?: Record<string, Map<string, number>>;
}

/**
 * The floor: every query answered by a loop over all documents (haversine per document,
 * Levenshtein per term), no index at all. Documents are flattened once up front; that
 * preparation is not part of any query's time.
 */
export class ScanFloor {
  private readonly rows: Row[];

  constructor(documents: readonly ProviderDocument[]) {
    this.rows = documents.map((d, index) => {
      const terms: [string, number][] = [];
      for (const [field, text] of Object.entries(searchableTexts(d))) {
        for (const term of textTerms(text)) terms.push([term, BOOSTS[field]]);
      }
      const tags = d.languages.map((tag) => tag.toLowerCase());
      return {
        index,
        lat: d.location.position ? d.location.position.latitude * RAD : NaN,
        lon: d.location.position ? d.location.position.longitude * RAD : NaN,
        specialties: d.specialties.map((s) => s.code),
        networks: d.networks.map((n) => n.id),
        plans: d.plans.map((p) => p.id),
        languages: [...new Set(tags.flatMap((tag) => [tag, tag.split('-')[0]]))],
        facetLanguages: tags,
        accepting: d.acceptingNewPatients === null ? null : String(d.acceptingNewPatients),
        kind: d.kind,
        terms,
      };
    });
  }

  search(query: BenchQuery): ScanResult {
    const lat0 = query.near ? query.near.latitude * RAD : 0;
    const lon0 = query.near ? query.near.longitude * RAD : 0;
    const cosLat0 = Math.cos(lat0);
    const words = query.text !== undefined ? textTerms(query.text) : [];
    const matched: { row: Row; distance: number; score: number }[] = [];
    for (const row of this.rows) {
      if (query.specialty && !row.specialties.includes(query.specialty)) continue;
      if (query.network && !row.networks.includes(query.network)) continue;
      if (query.plan && !row.plans.includes(query.plan)) continue;
      if (query.language && !row.languages.includes(query.language)) continue;
      if (query.kind && row.kind !== query.kind) continue;
      let distance = 0;
      if (query.near) {
        if (Number.isNaN(row.lat)) continue;
        const dLat = row.lat - lat0;
        const dLon = row.lon - lon0;
        const h = Math.sin(dLat / 2) ** 2 + cosLat0 * Math.cos(row.lat) * Math.sin(dLon / 2) ** 2;
        distance = 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
        if (distance > query.near.radiusKm) continue;
      }
      let score = 0;
      if (words.length > 0) {
        score = textScore(row, words);
        if (score === 0) continue;
      }
      matched.push({ row, distance, score });
    }
    if (query.sort === 'distance') matched.sort((a, b) => a.distance - b.distance);
    else if (words.length > 0) matched.sort((a, b) => b.score - a.score || a.distance - b.distance);
    const page = matched.slice(query.offset, query.offset + query.limit).map((m) => m.row.index);
    const result: ScanResult = { total: matched.length, ids: page };
    if (query.facets) result.facets = facetCounts(matched.map((m) => m.row));
    return result;
  }
}

/** Sum over query words of the best (weight x boost) of the row's terms; 0 when one word misses. */
function textScore(row: Row, words: string[]): number {
  let total = 0;
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    const prefix = w === words.length - 1;
    const budget = typoBudget(word);
    let best = 0;
    for (const [term, boost] of row.terms) {
      const weight = term === word ? 1 : prefix && term.startsWith(word) ? 0.5 : budget > 0 && withinEdits(word, term, budget) ? 0.4 : 0;
      if (weight * boost > best) best = weight * boost;
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

function facetCounts(rows: Row[]): Record<string, Map<string, number>> {
  const out: Record<string, Map<string, number>> = {};
  const values: Record<string, (row: Row) => readonly string[]> = {
    specialty: (row) => row.specialties,
    language: (row) => row.facetLanguages,
    network: (row) => row.networks,
    acceptingNewPatients: (row) => (row.accepting === null ? [] : [row.accepting]),
  };
  for (const field of Q3_FACETS) {
    const counts = new Map<string, number>();
    for (const row of rows) for (const value of new Set(values[field](row))) counts.set(value, (counts.get(value) ?? 0) + 1);
    out[field] = counts;
  }
  return out;
}
