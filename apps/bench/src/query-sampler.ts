import { SeededRandom } from '@pds/generator';
import type { GeoPoint, ProviderDocument } from '@pds/search';
import type { BenchQuery, QueryClass } from './bench-query';

/** Where a ZIP's centroid is; undefined for a ZIP the lookup does not know. */
export type ZipCentroids = (zip: string) => GeoPoint | undefined;

export const Q4_OFFSET = 500;
const PAGE = 20;
const TYPEAHEAD_LIMIT = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Lower-case letters only ("O'Brien" -> "obrien"), diacritics stripped. */
export function letters(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
}

/**
 * One edit (substitution or insertion, or deletion when the word keeps 5 letters: shorter
 * words get no typo budget) at a position after the first letter; never the word itself.
 */
export function withOneTypo(word: string, random: SeededRandom): string {
  for (;;) {
    const at = 1 + random.int(0, word.length - 2);
    const kind = random.int(0, word.length > 5 ? 2 : 1);
    const letter = random.pick([...ALPHABET]);
    const typo =
      kind === 0
        ? word.slice(0, at) + letter + word.slice(at + 1)
        : kind === 1
          ? word.slice(0, at) + letter + word.slice(at)
          : word.slice(0, at) + word.slice(at + 1);
    if (typo !== word) return typo;
  }
}

/**
 * Draws `count` queries per class from the documents, deterministically from `seed`:
 * centres are real ZIP centroids of practices (the ZIP of a drawn document), specialties
 * are that document's (so present there), typo'd words are real surnames or specialty
 * words, Q4 combinations are values one document carries, preferring combinations with
 * at least offset + 20 matches. Q3 is Q1's list with facets, so their costs compare.
 */
export function sampleQueries(
  documents: readonly ProviderDocument[],
  centroids: ZipCentroids,
  count: number,
  seed: number,
): Record<QueryClass, BenchQuery[]> {
  const random = new SeededRandom(seed);
  const located = documents.filter((d) => d.location.position !== null && Boolean(d.location.address?.postalCode));
  if (located.length === 0) throw new Error('no document has a position and a ZIP code to draw queries from');
  const centre = (document: ProviderDocument): GeoPoint => {
    const point = centroids(document.location.address!.postalCode!) ?? document.location.position!;
    return { latitude: point.latitude, longitude: point.longitude };
  };

  const q1: BenchQuery[] = [];
  while (q1.length < count) {
    const document = random.pick(located);
    if (document.specialties.length === 0) continue;
    q1.push({
      class: 'Q1',
      near: { ...centre(document), radiusKm: 25 },
      specialty: random.pick(document.specialties).code,
      facets: false,
      sort: 'distance',
      offset: 0,
      limit: PAGE,
    });
  }
  const q3 = q1.map((query): BenchQuery => ({ ...query, class: 'Q3', facets: true }));

  const q2: BenchQuery[] = [];
  for (let attempt = 0; q2.length < count && attempt < count * 1000; attempt++) {
    const document = random.pick(located);
    const words =
      q2.length % 2 === 0
        ? [letters(document.familyName ?? '')]
        : document.specialties.flatMap((s) => (s.display ?? '').split(/\s+/)).map(letters);
    const candidates = words.filter((word) => word.length >= 5);
    if (candidates.length === 0) continue;
    q2.push({
      class: 'Q2',
      text: withOneTypo(random.pick(candidates), random),
      near: { ...centre(document), radiusKm: 50 },
      facets: false,
      sort: 'relevance',
      offset: 0,
      limit: PAGE,
    });
  }

  const q4 = sampleCombinations(documents, count, random);

  const q5: BenchQuery[] = [];
  for (let attempt = 0; q5.length < count && attempt < count * 1000; attempt++) {
    const document = random.pick(documents);
    // Mostly surnames (what people type into a doctor search box), every fourth a specialty word.
    const specialty = document.specialties.length > 0 ? random.pick(document.specialties).display : null;
    const word = letters(q5.length % 4 === 3 ? (specialty ?? '').split(/\s+/)[0] : (document.familyName ?? ''));
    if (word.length < 3) continue;
    q5.push({ class: 'Q5', text: word.slice(0, 3), facets: false, sort: 'relevance', offset: 0, limit: TYPEAHEAD_LIMIT });
  }

  const pharmacies = located.filter((d) => d.kind === 'pharmacy' && d.networks.length > 0);
  const q7: BenchQuery[] = [];
  while (pharmacies.length > 0 && q7.length < count) {
    const document = random.pick(pharmacies);
    q7.push({ class: 'Q7', near: { ...centre(document), radiusKm: 10 }, network: random.pick(document.networks).id, kind: 'pharmacy', facets: false, sort: 'distance', offset: 0, limit: PAGE });
  }

  return { Q1: q1, Q2: q2, Q3: q3, Q4: q4, Q5: q5, Q7: q7 };
}

/** Q4: network + plan + language a document carries, preferring ones that fill page 26. */
function sampleCombinations(documents: readonly ProviderDocument[], count: number, random: SeededRandom): BenchQuery[] {
  const counts = new Map<string, number>();
  const keyOf = (network: string, plan: string, language: string) => `${network}\u0000${plan}\u0000${language}`;
  for (const document of documents) {
    const languages = new Set(document.languages.map((tag) => tag.toLowerCase().split('-')[0]));
    for (const network of document.networks) {
      for (const plan of document.plans) {
        for (const language of languages) {
          const key = keyOf(network.id, plan.id, language);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
  }
  const eligible = documents.filter((d) => d.networks.length > 0 && d.plans.length > 0 && d.languages.length > 0);
  if (eligible.length === 0) throw new Error('no document has a network, a plan and a language to draw Q4 from');
  const queries: BenchQuery[] = [];
  while (queries.length < count) {
    let best: { network: string; plan: string; language: string; matches: number } | null = null;
    for (let attempt = 0; attempt < 50 && (best === null || best.matches < Q4_OFFSET + PAGE); attempt++) {
      const document = random.pick(eligible);
      const network = random.pick(document.networks).id;
      const plan = random.pick(document.plans).id;
      const language = random.pick(document.languages).toLowerCase().split('-')[0];
      const matches = counts.get(keyOf(network, plan, language)) ?? 0;
      if (best === null || matches > best.matches) best = { network, plan, language, matches };
    }
    const { network, plan, language } = best!;
    queries.push({ class: 'Q4', network, plan, language, facets: false, sort: 'relevance', offset: Q4_OFFSET, limit: PAGE });
  }
  return queries;
}
