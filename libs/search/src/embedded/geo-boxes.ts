import { EARTH_RADIUS_KM } from '../geo-distance';
import type { GeoPoint } from '../provider-document';
import type { GeoBoundingBox } from '../search-query';

const RAD = Math.PI / 180;
const BOX_PAD_DEG = 1e-9;

/** A lng/lat box; `minLng > maxLng` never occurs: boxes crossing ±180° are split in two. */
export interface LngLatBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/**
 * Boxes that together contain every point within `radiusKm` of `center`, so a cheap
 * k-d tree range query can precede the exact haversine test.
 */
export function boxesAround(center: GeoPoint, radiusKm: number): LngLatBox[] {
  const angular = radiusKm / EARTH_RADIUS_KM;
  // The pad keeps points exactly on the circle inside the box despite rounding.
  const dLat = angular / RAD + BOX_PAD_DEG;
  const minLat = center.latitude - dLat;
  const maxLat = center.latitude + dLat;
  // A circle that reaches a pole spans every longitude.
  if (minLat <= -90 || maxLat >= 90 || angular >= Math.PI / 2) {
    return [{ minLng: -180, minLat: Math.max(-90, minLat), maxLng: 180, maxLat: Math.min(90, maxLat) }];
  }
  // Widest longitude extent of a spherical cap (reached north/south of the centre's parallel).
  const dLng = Math.asin(Math.min(1, Math.sin(angular) / Math.cos(center.latitude * RAD))) / RAD + BOX_PAD_DEG;
  const minLng = center.longitude - dLng;
  const maxLng = center.longitude + dLng;
  if (minLng < -180) {
    return [
      { minLng: minLng + 360, minLat, maxLng: 180, maxLat },
      { minLng: -180, minLat, maxLng, maxLat },
    ];
  }
  if (maxLng > 180) {
    return [
      { minLng, minLat, maxLng: 180, maxLat },
      { minLng: -180, minLat, maxLng: maxLng - 360, maxLat },
    ];
  }
  return [{ minLng, minLat, maxLng, maxLat }];
}

/** A bounding box as k-d tree ranges: one, or two when it crosses the antimeridian (west > east). */
export function boxesOf(box: GeoBoundingBox): LngLatBox[] {
  if (box.west <= box.east) return [{ minLng: box.west, minLat: box.south, maxLng: box.east, maxLat: box.north }];
  return [
    { minLng: box.west, minLat: box.south, maxLng: 180, maxLat: box.north },
    { minLng: -180, minLat: box.south, maxLng: box.east, maxLat: box.north },
  ];
}

/** Whether a position lies in the box (edges included). */
export function inBox(box: GeoBoundingBox, latitude: number, longitude: number): boolean {
  if (latitude < box.south || latitude > box.north) return false;
  return box.west <= box.east ? longitude >= box.west && longitude <= box.east : longitude >= box.west || longitude <= box.east;
}
