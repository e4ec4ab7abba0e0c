import type { GeoPoint } from '../provider-document';

/** Mean earth radius (IUGG), the radius the port's distances are defined with. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;
const BOX_PAD_DEG = 1e-9;

/** Great-circle distance in km by the haversine formula. */
export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinDLng = Math.sin(((lng2 - lng1) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLng * sinDLng;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

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
