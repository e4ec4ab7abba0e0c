import type { GeoPoint } from '@pds/search';

/** [west, south, east, north] in degrees. */
type Box = readonly [number, number, number, number];

/**
 * Bounding boxes of the US states, DC and the inhabited territories, keyed by USPS code.
 * Source: extents of the U.S. Census Bureau TIGER/Line state polygons (coastal water
 * included), rounded outward to 0.01°. Alaska crosses the antimeridian, hence two boxes.
 * Used only to catch positions far off their address's state, with a wide margin, so
 * small boundary revisions do not matter. A table, not a geodata package: the US-state
 * packages on npm carry names and codes, and polygon sets (us-atlas) would be far heavier.
 */
const STATE_BOUNDS: Readonly<Record<string, readonly Box[]>> = {
  AL: [[-88.48, 30.22, -84.88, 35.01]],
  AK: [[-180, 51.21, -129.97, 71.37], [172.44, 51.21, 180, 53.02]],
  AZ: [[-114.82, 31.33, -109.04, 37.01]],
  AR: [[-94.62, 33, -89.64, 36.5]],
  CA: [[-124.41, 32.53, -114.13, 42.01]],
  CO: [[-109.07, 36.99, -102.04, 41.01]],
  CT: [[-73.73, 40.98, -71.78, 42.06]],
  DE: [[-75.79, 38.45, -75.04, 39.84]],
  DC: [[-77.12, 38.79, -76.9, 39]],
  FL: [[-87.64, 24.52, -80.03, 31.01]],
  GA: [[-85.61, 30.35, -80.83, 35.01]],
  HI: [[-178.34, 18.91, -154.8, 28.41]],
  ID: [[-117.25, 41.98, -111.04, 49.01]],
  IL: [[-91.52, 36.97, -87.49, 42.51]],
  IN: [[-88.1, 37.77, -84.78, 41.77]],
  IA: [[-96.64, 40.37, -90.14, 43.51]],
  KS: [[-102.06, 36.99, -94.58, 40.01]],
  KY: [[-89.58, 36.49, -81.96, 39.15]],
  LA: [[-94.05, 28.92, -88.81, 33.02]],
  ME: [[-71.09, 42.97, -66.94, 47.46]],
  MD: [[-79.49, 37.91, -75.04, 39.73]],
  MA: [[-73.51, 41.23, -69.92, 42.89]],
  MI: [[-90.42, 41.69, -82.41, 48.24]],
  MN: [[-97.24, 43.49, -89.49, 49.39]],
  MS: [[-91.66, 30.17, -88.09, 35]],
  MO: [[-95.78, 35.99, -89.09, 40.62]],
  MT: [[-116.06, 44.35, -104.03, 49.01]],
  NE: [[-104.06, 39.99, -95.3, 43.01]],
  NV: [[-120.01, 35, -114.03, 42.01]],
  NH: [[-72.56, 42.69, -70.61, 45.31]],
  NJ: [[-75.56, 38.92, -73.89, 41.36]],
  NM: [[-109.06, 31.33, -103, 37.01]],
  NY: [[-79.77, 40.49, -71.85, 45.02]],
  NC: [[-84.33, 33.84, -75.46, 36.59]],
  ND: [[-104.05, 45.93, -96.55, 49.01]],
  OH: [[-84.83, 38.4, -80.51, 41.98]],
  OK: [[-103.01, 33.61, -94.43, 37.01]],
  OR: [[-124.57, 41.99, -116.46, 46.3]],
  PA: [[-80.52, 39.71, -74.68, 42.27]],
  RI: [[-71.87, 41.14, -71.12, 42.02]],
  SC: [[-83.36, 32.03, -78.54, 35.22]],
  SD: [[-104.06, 42.47, -96.43, 45.95]],
  TN: [[-90.32, 34.98, -81.64, 36.68]],
  TX: [[-106.65, 25.83, -93.5, 36.51]],
  UT: [[-114.06, 36.99, -109.04, 42.01]],
  VT: [[-73.44, 42.72, -71.46, 45.02]],
  VA: [[-83.68, 36.54, -75.24, 39.47]],
  WA: [[-124.77, 45.54, -116.91, 49.01]],
  WV: [[-82.65, 37.2, -77.71, 40.64]],
  WI: [[-92.89, 42.49, -86.8, 47.09]],
  WY: [[-111.06, 40.99, -104.05, 45.01]],
  PR: [[-67.95, 17.88, -65.22, 18.52]],
  VI: [[-65.09, 17.67, -64.56, 18.42]],
  GU: [[144.61, 13.23, 144.96, 13.66]],
  AS: [[-171.09, -14.55, -168.14, -11.04]],
  MP: [[144.88, 14.11, 146.07, 20.56]],
};

const EARTH_RADIUS_KM = 6371;

function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * How far (km, roughly) a point lies outside a state's bounding box: 0 inside it, null when
 * the state code is unknown. The distance is to the nearest point of the box.
 */
export function kmOutsideState(state: string, point: GeoPoint): number | null {
  const boxes = STATE_BOUNDS[state.toUpperCase()];
  if (!boxes) return null;
  return Math.min(
    ...boxes.map(([west, south, east, north]) =>
      haversineKm(point, {
        latitude: clamp(point.latitude, south, north),
        longitude: clamp(point.longitude, west, east),
      }),
    ),
  );
}
