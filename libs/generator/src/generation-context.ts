import { DEFECT_RATES, KANSAS_FALLBACK, noDefects, type DefectCounts } from './defect-plan';
import { STREET_NAMES, STREET_SUFFIXES } from './person-names';
import type { SeededRandom } from './seeded-random';
import type { UsGeography, ZipPlace } from './us-zip-geography';

type Json = Record<string, unknown>;

/** Largest offset of a site from its ZIP centroid, in degrees of latitude (about 0.9 km). */
const JITTER_DEGREES = 0.008;

export interface GeoPosition {
  latitude: number;
  longitude: number;
}

/**
 * What every builder draws from: the one seeded random stream, the geography and the tally of
 * planted defects. A defect draw always consumes exactly one number, planted or not, so the
 * rest of the stream does not shift with the outcome.
 */
export class GenerationContext {
  readonly defects: DefectCounts = noDefects();

  constructor(
    readonly random: SeededRandom,
    readonly geography: UsGeography,
  ) {}

  /** Whether to plant the named defect here; counts it when planted. */
  plant(defect: keyof typeof DEFECT_RATES): boolean {
    const planted = this.random.chance(DEFECT_RATES[defect]);
    if (planted) this.defects[defect]++;
    return planted;
  }

  /** A phone number in the 555-01xx block, which is reserved for fiction. */
  phone(): string {
    return `(${this.random.int(201, 989)}) 555-01${String(this.random.int(0, 99)).padStart(2, '0')}`;
  }

  streetLine(): string {
    const { random } = this;
    return `${random.int(1, 9999)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_SUFFIXES)}`;
  }

  /** A US address at the ZIP; its postal code sometimes in the ZIP+4 or 9-digit form. */
  address(place: ZipPlace, line: string, use: 'work' | 'billing' = 'work'): Json {
    const postalCode = this.postalCode(place.zip);
    return {
      use,
      type: use === 'work' ? 'both' : 'postal',
      text: `${line}, ${place.city}, ${place.state} ${postalCode}`,
      line: [line],
      city: place.city,
      state: place.state,
      postalCode,
      country: 'USA',
    };
  }

  /** A site's position: near its ZIP centroid, else one of the two planted geocoding defects. */
  position(place: ZipPlace): GeoPosition {
    if (this.plant('kansasFallbackPosition')) return { ...KANSAS_FALLBACK };
    const anchor = this.plant('positionOutsideState') ? this.geography.pickFarFrom(this.random, place) : place;
    const latitude = anchor.latitude + (this.random.next() * 2 - 1) * JITTER_DEGREES;
    const longitude =
      anchor.longitude + ((this.random.next() * 2 - 1) * JITTER_DEGREES) / Math.cos((anchor.latitude * Math.PI) / 180);
    return { latitude: round6(latitude), longitude: round6(longitude) };
  }

  private postalCode(zip: string): string {
    const plus4 = String(this.random.int(1, 9999)).padStart(4, '0');
    if (this.plant('zipPlus4')) return `${zip}-${plus4}`;
    if (this.plant('nineDigitZip')) return `${zip}${plus4}`;
    return zip;
  }
}

/** Six decimals (about 0.1 m), as the reference directory publishes positions. */
function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
