import { haversineKm } from '../geo-distance';
import type { GeoPoint } from '../provider-document';
import type { GeoRadius } from '../search-query';
import { loadLayTerms, toSynonyms } from '../synonyms/synonyms';
import { practiceLocation, providerDocument } from '@pds/search/testing';
import { buildParts } from './generation-builder';
import { IndexGeneration } from './index-generation';

/** Positions around two centres, one on the antimeridian, plus points exactly on each circle. */
const CENTRES: GeoRadius[] = [
  { latitude: 40.7, longitude: -74.0, radiusKm: 25 },
  { latitude: -17.7, longitude: 179.99, radiusKm: 40 },
];

function positions(): (GeoPoint | null)[] {
  let seed = 7;
  const next = () => ((seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296);
  const points: (GeoPoint | null)[] = [null];
  for (const { latitude, longitude, radiusKm } of CENTRES) {
    for (let i = 0; i < 1500; i++) {
      const lng = longitude + (next() - 0.5) * 1.2;
      points.push({ latitude: latitude + (next() - 0.5) * 0.9, longitude: lng > 180 ? lng - 360 : lng });
    }
    // Due north, on the circle to the last bit the index computes with.
    const north = latitude + (radiusKm / 6371.0088) * (180 / Math.PI);
    points.push({ latitude: north, longitude });
  }
  return points;
}

function generationOf(points: (GeoPoint | null)[]): IndexGeneration {
  const documents = points.map((position, i) => providerDocument({ id: `d${String(i).padStart(5, '0')}`, location: practiceLocation({ position }) }));
  return new IndexGeneration(
    buildParts(
      documents.map((d) => d.id),
      documents.map((d) => Buffer.from(JSON.stringify(d))),
      null,
    ),
    toSynonyms(loadLayTerms()),
  );
}

describe('GeoIndex.within', () => {
  const points = positions();
  const generation = generationOf(points);
  const inside = (near: GeoRadius, candidates: number[]) =>
    candidates.filter((num) => points[num] && haversineKm(near.latitude, near.longitude, points[num]!.latitude, points[num]!.longitude) <= near.radiusKm);

  it.each(CENTRES)('finds exactly the candidates within %o, with their distances, by a scan of few candidates and by the tree', (near) => {
    const few = points.map((_, num) => num).filter((num) => num % 5 === 0 || num === points.length - 1 || num === 1501);
    const all = points.map((_, num) => num);

    const scanned = generation.geo.within({ nums: Uint32Array.from(few), scores: null, distances: null, ascending: true }, { near });
    const walked = generation.geo.within({ nums: null, scores: null, distances: null, ascending: true }, { near });

    const expected = inside(near, few);
    expect(expected.length).toBeGreaterThan(10);
    expect(Array.from(scanned.nums!)).toEqual(expected);
    expect(Array.from(scanned.distances!)).toEqual(expected.map((num) => haversineKm(near.latitude, near.longitude, points[num]!.latitude, points[num]!.longitude)));
    expect(Array.from(walked.nums!).sort((a, b) => a - b)).toEqual(inside(near, all));
  });
});
