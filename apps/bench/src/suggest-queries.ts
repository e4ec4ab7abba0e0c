import type { GeoRadius, ProviderDocument } from '@pds/search';
import type { SeededRandom } from '@pds/generator';

/** Q6: what a person has typed into the search box so far, sometimes with where they are. */
export interface SuggestQuery {
  text: string;
  near?: GeoRadius;
}

export const Q6_LEGEND = 'suggest: 2 to 6 typed letters of a surname, specialty word or organization, half with near 25 km, first 8';
export const SUGGEST_LIMIT = 8;

const letters = (word: string): string => word.replace(/[^A-Za-z]/g, '');

/** Prefixes of 2 to 6 letters of what documents carry, every other one near the document's place. */
export function sampleSuggestQueries(documents: readonly ProviderDocument[], count: number, random: SeededRandom): SuggestQuery[] {
  const queries: SuggestQuery[] = [];
  for (let attempt = 0; queries.length < count && attempt < count * 1000; attempt++) {
    const document = random.pick(documents);
    const sources = [document.familyName ?? '', document.specialties[0]?.display?.split(/\s+/)[0] ?? '', document.organization?.name?.split(/\s+/)[0] ?? ''];
    const word = letters(sources[queries.length % sources.length]);
    const length = 2 + (queries.length % 5);
    if (word.length < length) continue;
    const position = document.location.position;
    const near = queries.length % 2 === 1 && position ? { latitude: position.latitude, longitude: position.longitude, radiusKm: 25 } : undefined;
    queries.push({ text: word.slice(0, length).toLowerCase(), ...(near ? { near } : {}) });
  }
  return queries;
}

/** The same suggestion as the API's GraphQL body. */
export function toSuggestBody(query: SuggestQuery): string {
  return JSON.stringify({
    query: 'query Suggest($text: String!, $near: GeoRadius) { suggest(text: $text, near: $near, first: 8) { kind label value providerCount } }',
    variables: { text: query.text, near: query.near ?? null },
  });
}
