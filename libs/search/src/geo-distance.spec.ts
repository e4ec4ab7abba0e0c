import * as geokdbush from 'geokdbush';
import { EARTH_RADIUS_KM, haversineKm } from './geo-distance';

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

