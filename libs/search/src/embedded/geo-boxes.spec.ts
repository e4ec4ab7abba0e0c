import { haversineKm } from '../geo-distance';
import { boxesAround, boxesOf, inBox } from './geo-boxes';

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    return seed / 4294967296;
  };
}

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

describe('boxesOf and inBox', () => {
  it('keeps an ordinary box whole and splits one crossing the antimeridian', () => {
    expect(boxesOf({ north: 41, south: 39, west: -76, east: -74 })).toEqual([{ minLng: -76, minLat: 39, maxLng: -74, maxLat: 41 }]);
    expect(boxesOf({ north: 10, south: -10, west: 170, east: -170 })).toEqual([
      { minLng: 170, minLat: -10, maxLng: 180, maxLat: 10 },
      { minLng: -180, minLat: -10, maxLng: -170, maxLat: 10 },
    ]);
  });

  it('tests membership on both sides of the antimeridian', () => {
    const box = { north: 10, south: -10, west: 170, east: -170 };
    expect([inBox(box, 0, 175), inBox(box, 0, -175), inBox(box, 0, 0), inBox(box, 11, 175)]).toEqual([true, true, false, false]);
  });
});
