import type { CatalogEntry, DirectoryCatalog } from '../directory-catalog';
import { haversineKm } from '../geo-distance';
import type { SearchIndex } from '../search-index.port';
import type { GeoRadius } from '../search-query';
import type { LayTerms } from '../synonyms/synonyms';
import { terms } from '../text-terms';
import { MATCH, WordIndex } from './word-index';

export type SuggestionKind = 'specialty' | 'provider' | 'facility' | 'organization' | 'place';

export interface Suggestion {
  kind: SuggestionKind;
  /** What to show: "Cardiovascular Disease Physician", "Dana Whitfield", "New Haven, CT". */
  label: string;
  /** What to search with: the NUCC code, the providerKey, the organization id or the place text. */
  value: string;
  /** Distinct providers behind it, where the catalog knows (specialties, organizations). */
  providers: number | null;
}

export interface SuggestQuery {
  text: string;
  /** Providers and organizations nearer this point rank first; providers are looked for within it. */
  near?: GeoRadius;
  limit: number;
}

/** Place names for the PLACE suggestions: "City, ST" strings by prefix, most populous first. */
export interface PlaceSuggestions {
  suggest(text: string, count: number): string[];
}

/** Provider hits read per keystroke, before those whose name does not match are dropped. */
const PROVIDER_WINDOW = 30;
/** Places are a side offer: at most this many, so they never crowd out what the directory holds. */
const MAX_PLACES = 3;
const KIND_ORDER: readonly SuggestionKind[] = ['specialty', 'provider', 'facility', 'organization', 'place'];

interface Ranked extends Suggestion {
  quality: number;
}

/** Word indexes over one catalog's specialties (with lay terms) and organizations. */
interface CatalogWords {
  catalog: DirectoryCatalog;
  specialties: WordIndex;
  organizations: WordIndex;
}

/**
 * Suggestions while typing: specialties (their NUCC display and the lay terms that lead to
 * them, "heart doc" -> cardiology), providers and facilities (pharmacies too) by name,
 * organizations and places. Best first:
 * exact words above prefixes above typos, then specialty, provider, organization, place; within
 * a kind, more providers (or nearer, with `near`) first.
 */
export class Suggester {
  private words: CatalogWords | null = null;

  constructor(
    private readonly index: SearchIndex,
    private readonly places: PlaceSuggestions,
    private readonly layTerms: LayTerms,
  ) {}

  async suggest(query: SuggestQuery): Promise<Suggestion[]> {
    const [catalog, providers] = await Promise.all([this.index.catalog(), this.providers(query)]);
    const words = this.wordsOf(catalog);
    const ranked: Ranked[] = [
      ...this.fromCatalog(words.specialties, catalog.specialty, query, 'specialty'),
      ...providers,
      ...this.fromCatalog(words.organizations, catalog.organization, query, 'organization'),
      ...this.places.suggest(query.text, Math.min(query.limit, MAX_PLACES)).map((place) => ({ kind: 'place' as const, label: place, value: place, providers: null, quality: placeQuality(query.text, place) })),
    ];
    // Stable: each kind's list is already in its own best-first order.
    ranked.sort((a, b) => b.quality - a.quality || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
    return ranked.slice(0, query.limit).map(({ quality: _quality, ...suggestion }) => suggestion);
  }

  /** The catalog's specialties whose code starts with the text, or whose display or lay terms match it as {@link suggest} does. */
  async specialties(text: string): Promise<CatalogEntry[]> {
    const catalog = await this.index.catalog();
    const byWords = this.wordsOf(catalog).specialties.match(text);
    const code = text.trim().toUpperCase();
    return catalog.specialty.filter((entry, n) => byWords.has(n) || (code !== '' && entry.id.startsWith(code)));
  }

  private fromCatalog(words: WordIndex, entries: readonly CatalogEntry[], query: SuggestQuery, kind: 'specialty' | 'organization'): Ranked[] {
    const near = kind === 'organization' ? query.near : undefined;
    const distance = (entry: CatalogEntry): number => (near && entry.position ? haversineKm(near.latitude, near.longitude, entry.position.latitude, entry.position.longitude) : Infinity);
    return [...words.match(query.text)]
      .map(([n, quality]) => ({ entry: entries[n], quality }))
      .filter(({ entry }) => entry.name !== null)
      .sort((a, b) => b.quality - a.quality || distance(a.entry) - distance(b.entry) || b.entry.providers - a.entry.providers)
      .slice(0, query.limit)
      .map(({ entry, quality }) => ({ kind, label: entry.name!, value: entry.id, providers: entry.providers, quality }));
  }

  /**
   * The engine's best matches for the text, one per provider whose name matches: within `near`
   * first, then anywhere (nearer ones rank first, farther ones are still offered).
   */
  private async providers(query: SuggestQuery): Promise<Ranked[]> {
    const ranked: Ranked[] = [];
    const seen = new Set<string>();
    for (const near of query.near ? [query.near, undefined] : [undefined]) {
      if (ranked.length === query.limit) break;
      const result = await this.index.search({ text: query.text, near, sort: 'relevance', offset: 0, limit: PROVIDER_WINDOW });
      const matches = new WordIndex(result.hits.map((hit) => [hit.document.name])).match(query.text);
      result.hits.forEach((hit, n) => {
        const quality = matches.get(n);
        if (quality === undefined || seen.has(hit.document.providerKey) || ranked.length === query.limit) return;
        seen.add(hit.document.providerKey);
        const kind = hit.document.kind === 'practitioner' ? 'provider' : 'facility';
        ranked.push({ kind, label: hit.document.name, value: hit.document.providerKey, providers: null, quality });
      });
    }
    return ranked;
  }

  private wordsOf(catalog: DirectoryCatalog): CatalogWords {
    if (this.words?.catalog !== catalog) {
      this.words = {
        catalog,
        specialties: new WordIndex(catalog.specialty.map((entry) => [entry.name ?? '', ...layTermsFor(entry.name, this.layTerms)])),
        organizations: new WordIndex(catalog.organization.map((entry) => [entry.name ?? ''])),
      };
    }
    return this.words;
  }
}

/** The lay phrases one of whose wordings is all in the specialty's display ("heart doctor" for Cardiovascular Disease). */
function layTermsFor(display: string | null, layTerms: LayTerms): string[] {
  const words = new Set(terms(display));
  return Object.entries(layTerms)
    .filter(([, wordings]) => wordings.some((wording) => terms(wording).every((word) => words.has(word))))
    .map(([phrase]) => phrase);
}

/** A place's label starting with the typed text is a prefix match; the gazetteer only returns those. */
function placeQuality(text: string, place: string): number {
  return terms(place).join(' ') === terms(text).join(' ') ? MATCH.exact : MATCH.prefix;
}
