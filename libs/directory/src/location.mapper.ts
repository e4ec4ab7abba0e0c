import type { FhirResource } from '@pds/fhir';
import type { GeoPoint, PostalAddress, PracticeLocation } from '@pds/search';
import { asArray, asNumber, asObject, asText, codings } from './fhir-json-reader';
import { kmOutsideState } from './us-state-bounds';

/**
 * Distinct addresses at one exact point from which the point is taken for a geocoder's
 * fallback (a state or country centroid) rather than a place: rooftop geocoding never puts
 * ten different street addresses on the same coordinates.
 */
export const PLACEHOLDER_MIN_ADDRESSES = 10;

/** How far outside its address's state a position may lie (state boxes are coarse) before it is distrusted. */
export const OUTSIDE_STATE_TOLERANCE_KM = 50;

const LOCATION_PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

/** Reads a FHIR Address; null when it carries nothing (pharmacy data has ",  00000"). */
export function readAddress(value: unknown): PostalAddress | null {
  const address = asObject(Array.isArray(value) ? value[0] : value);
  if (!address) return null;
  const lines = asArray(address.line).flatMap((line) => asText(line) ?? []);
  const city = asText(address.city);
  const state = asText(address.state)?.toUpperCase() ?? null;
  const postalCode = fiveDigitPostalCode(address.postalCode);
  const assembled = [...lines, city, [state, postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const published = asText(address.text);
  const text = published && /[A-Za-z]/.test(published) ? published : assembled;
  return text === '' ? null : { lines, city, state, postalCode, text };
}

/**
 * The first five digits of a ZIP, ZIP+4 or 9-digit code; "00000" and unreadable codes give null.
 * A ZIP published as a JSON number had its leading zeros restored by the harvest's repair.
 */
function fiveDigitPostalCode(value: unknown): string | null {
  const zip = asText(value)?.match(/^(\d{5})/)?.[1] ?? null;
  return zip === '00000' ? null : zip;
}

/** Location.position, when both coordinates are readable and on Earth. */
export function readPosition(location: FhirResource): GeoPoint | null {
  const position = asObject(location.position);
  const latitude = asNumber(position?.latitude);
  const longitude = asNumber(position?.longitude);
  if (latitude === null || longitude === null) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}

/** A point as the placeholder screen compares them: exact coordinates. */
export function pointKey(point: GeoPoint): string {
  return `${point.latitude},${point.longitude}`;
}

function addressKey(address: PostalAddress | null): string {
  if (!address) return '';
  return [address.lines.join(' '), address.city, address.state, address.postalCode]
    .join('|')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/**
 * Screens positions of one source's Locations: a point shared by many Locations at different
 * addresses is a placeholder, and a point far outside its address's state is a mistake.
 */
export class PositionScreen {
  private readonly placeholders = new Set<string>();

  constructor(locations: Iterable<FhirResource>) {
    const addressesByPoint = new Map<string, Set<string>>();
    for (const location of locations) {
      const position = readPosition(location);
      if (!position) continue;
      const key = pointKey(position);
      const addresses = addressesByPoint.get(key) ?? new Set<string>();
      addresses.add(addressKey(readAddress(location.address)));
      addressesByPoint.set(key, addresses);
    }
    for (const [key, addresses] of addressesByPoint) {
      if (addresses.size >= PLACEHOLDER_MIN_ADDRESSES) this.placeholders.add(key);
    }
    // (0, 0) is the classic "no coordinates" default, never a US practice site.
    this.placeholders.add(pointKey({ latitude: 0, longitude: 0 }));
  }

  /**
   * The points screened as placeholders, sorted. Whether a point is one depends on every other
   * Location there, so an index kept up to date compares this set between builds.
   */
  placeholderPoints(): string[] {
    return [...this.placeholders].sort();
  }

  /** Why a Location's position must not be used, or null when it can be. */
  issue(position: GeoPoint, address: PostalAddress | null): PracticeLocation['positionIssue'] {
    if (this.placeholders.has(pointKey(position))) return 'placeholder';
    const outside = address?.state ? kmOutsideState(address.state, position) : null;
    return outside !== null && outside > OUTSIDE_STATE_TOLERANCE_KM ? 'outside-state' : null;
  }
}

/** The practice-site part of a search document, with untrusted positions removed. */
export function toPracticeLocation(location: FhirResource, id: string, screen: PositionScreen): PracticeLocation {
  const address = readAddress(location.address);
  const position = readPosition(location);
  const positionIssue = position ? screen.issue(position, address) : null;
  return { id, name: asText(location.name), address, position: positionIssue ? null : position, positionIssue };
}

/** A Location whose physical type is "virtual" (location-physical-type `vi`). */
export function isVirtualLocation(location: FhirResource): boolean {
  return codings(location.physicalType).some(
    (coding) => coding.code === 'vi' && (coding.system === null || coding.system === LOCATION_PHYSICAL_TYPE),
  );
}
