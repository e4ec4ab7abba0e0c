import { placeKey, placeWords, splitState } from './place-name';
import { type Place, UsGazetteer } from './us-gazetteer';

/** Where "near" was resolved to, and how to say it back to the person who typed it. */
export interface ResolvedPlace {
  latitude: number;
  longitude: number;
  /** "New Haven, CT 06510", "New Haven, CT", or the ambiguity it resolved. */
  label: string;
}

/** A place or ZIP that matches nothing; `suggestions` are places or ZIPs that do (at most 3). */
export class UnknownPlaceError extends Error {
  constructor(
    message: string,
    readonly suggestions: string[],
  ) {
    super(message);
    this.name = 'UnknownPlaceError';
  }
}

const SUGGESTIONS = 3;
const ZIP = /\b(\d{5})(?:-?\d{4})?\b/;

const cityLabel = (place: Pick<Place, 'name' | 'state'>): string => `${place.name}, ${place.state}`;

/**
 * Offline geocoding of what a patient types: a US ZIP (ZIP+4 accepted) to its centroid, a city
 * with or without its state to the city's centroid. An ambiguous city without a state is the
 * most populous of that name, and the label says so.
 */
export class PlaceResolver {
  /** The gazetteer is loaded on first use: a process that is never asked about a place never pays for it. */
  constructor(private readonly loadGazetteer: () => UsGazetteer = () => UsGazetteer.load()) {}

  private get gazetteer(): UsGazetteer {
    return this.loadGazetteer();
  }

  /** A ZIP code: five digits, or ZIP+4 with or without the hyphen. */
  postalCode(text: string): ResolvedPlace {
    const zip = /^\s*(\d{5})(?:-?\d{4})?\s*$/.exec(text)?.[1];
    if (!zip) {
      throw new UnknownPlaceError(`"${text}" is not a US ZIP code; accepted: 5 digits or ZIP+4, e.g. 06510 or 06510-1234`, []);
    }
    return this.zip(zip);
  }

  /** Free text: "New Haven, CT", "new haven ct", "Hartford CT 06103" or "06510". A ZIP in it wins. */
  place(text: string): ResolvedPlace {
    const zip = ZIP.exec(text)?.[1];
    if (zip) return this.zip(zip);
    const { city, state } = splitState(placeWords(text));
    if (city === '') {
      throw new UnknownPlaceError(`"${text}" names no city; accepted: a US city with an optional state ("New Haven, CT") or a ZIP code`, []);
    }
    const places = this.gazetteer.named(city, state);
    if (places.length === 0) {
      const suggestions = this.suggestionsFor(city, state);
      throw new UnknownPlaceError(
        `"${text}" is not a US place we know${didYouMean(suggestions)}; accepted: a US city with an optional state ("New Haven, CT") or a ZIP code`,
        suggestions,
      );
    }
    const [best] = places;
    const label =
      places.length > 1 ? `${cityLabel(best)} (the most populous of ${places.length} places named ${best.name}; add a state for another)` : cityLabel(best);
    return { latitude: best.latitude, longitude: best.longitude, label };
  }

  /** Places whose name (and state) starts with what was typed, most populous first, as "City, ST". */
  suggest(text: string, count: number): string[] {
    const key = placeKey(text);
    return key === '' ? [] : this.gazetteer.withPrefix(key, count).map(cityLabel);
  }

  private zip(code: string): ResolvedPlace {
    const found = this.gazetteer.zip(code);
    if (!found) {
      const suggestions = this.gazetteer.nearestZips(code, SUGGESTIONS);
      throw new UnknownPlaceError(`${code} is not a known US ZIP code${didYouMean(suggestions)}`, suggestions);
    }
    return { latitude: found.latitude, longitude: found.longitude, label: `${found.city}, ${found.state} ${found.zip}` };
  }

  /** The same name in other states, then names within two typos in the state asked for (or any). */
  private suggestionsFor(city: string, state: string | null): string[] {
    const elsewhere = state ? this.gazetteer.named(city, null) : [];
    const similar = this.gazetteer.similarKeys(city, city.length >= 8 ? 2 : 1).flatMap((key) => this.gazetteer.named(key, state).slice(0, 1));
    return [...new Set([...elsewhere, ...similar].map(cityLabel))].slice(0, SUGGESTIONS);
  }
}

function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
}
