import * as geokdbush from 'geokdbush';
import { boxesAround, EARTH_RADIUS_KM, haversineKm } from './geo.distance';

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    return seed / 4294967296;
  };
}

describe('haversineKm', () => {
  it('agrees with geokdbush (rescaled to our earth radius) within 1 m', () => {
    const next = random(7);
    for (let i = 0; i < 1000; i++) {
      const [lat1, lng1, lat2, lng2] = [next() * 180 - 90, next() * 360 - 180, next() * 180 - 90, next() * 360 - 180];
      const expected = (geokdbush.distance(lng1, lat1, lng2, lat2) * EARTH_RADIUS_KM) / 6371;
      expect(Math.abs(haversineKm(lat1, lng1, lat2, lng2) - expected)).toBeLessThan(0.001);
    }
  });

  it('measures a known distance: one degree of latitude', () => {
    expect(haversineKm(0, 0, 1, 0)).toBeCloseTo((Math.PI * EARTH_RADIUS_KM) / 180, 9);
  });
});

describe('boxesAround', () => {
  const inside = (lat: number, lng: number, boxes: ReturnType<typeof boxesAround>) =>
    boxes.some((b) => lng >= b.minLng && lng <= b.maxLng && lat >= b.minLat && lat <= b.maxLat);

  it.each([
    ['mid-latitude', 39.95, -75.16, 25],
    ['across the antimeridian', 51.9, 179.9, 50],
    ['near a pole', 89.9, 10, 30],
    ['at the equator', 0, 0, 500],
  ])('contains every point within the radius (%s)', (_name, latitude, longitude, radiusKm) => {
    const boxes = boxesAround({ latitude, longitude }, radiusKm);
    const next = random(11);
    // Sample a little beyond the circle's extent, where a too-small box would show.
    const spreadLat = (2.4 * radiusKm) / 111;
    const spreadLng = Math.min(360, spreadLat / Math.cos((latitude * Math.PI) / 180));
    let tested = 0;
    for (let i = 0; i < 20000; i++) {
      const lat = Math.max(-90, Math.min(90, latitude + (next() - 0.5) * spreadLat));
      const lng = ((longitude + (next() - 0.5) * spreadLng + 540) % 360) - 180;
      if (haversineKm(latitude, longitude, lat, lng) > radiusKm) continue;
      tested++;
      expect(inside(lat, lng, boxes)).toBe(true);
    }
    expect(tested).toBeGreaterThan(1000);
  });

  it('splits a box that crosses the antimeridian', () => {
    expect(boxesAround({ latitude: 0, longitude: 179.9 }, 50)).toHaveLength(2);
  });
});
