import { haversineKm } from '../geo-distance';
import type { GeoPoint } from '../provider-document';
import type { GeoRadius } from '../search-query';
import { loadLayTerms, toSynonyms } from '../synonyms/synonyms';
import { practiceLocation, providerDocument } from '@pds/search/testing';
import { buildParts } from './generation-builder';
import { IndexGeneration } from './index-generation';
import type { Match } from './scratch';

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

  const distanceTo = (near: GeoRadius, num: number) => haversineKm(near.latitude, near.longitude, points[num]!.latitude, points[num]!.longitude);
  /** The match as [document number, distance, score] sorted by number: plans differ in order only. */
  const byNumber = (match: Match) =>
    Array.from(match.nums!, (num, i) => [num, match.distances![i], match.scores ? match.scores[i] : null]).sort((a, b) => a[0]! - b[0]!);

  it.each(CENTRES)('finds exactly the candidates within %o, with their distances, whichever way it plans', (near) => {
    const all = points.map((_, num) => num);
    const onCircle = [1501, points.length - 1];
    // Few candidates are scanned; most of the documents are walked with a bitset; scored ones with their positions.
    const few = all.filter((num) => num % 97 === 0 || onCircle.includes(num));
    const most = all.filter((num) => num % 7 !== 0);
    const plans: [string, Match][] = [
      ['every document', { nums: null, scores: null, distances: null, ascending: true }],
      ['few candidates', { nums: Uint32Array.from(few), scores: null, distances: null, ascending: true }],
      ['most documents', { nums: Uint32Array.from(most), scores: null, distances: null, ascending: true }],
      ['scored candidates', { nums: Uint32Array.from(most), scores: Float32Array.from(most, (num) => num / 10), distances: null, ascending: true }],
    ];
    for (const [plan, match] of plans) {
      const candidates = match.nums ? Array.from(match.nums) : all;
      const expected = inside(near, candidates).map((num) => [num, distanceTo(near, num), match.scores ? Math.fround(num / 10) : null]);

      const found = generation.geo.within(match, { near });

      expect([plan, byNumber(found)]).toEqual([plan, expected]);
      expect(expected.length).toBeGreaterThan(plan === 'few candidates' ? 0 : 10);
    }
  });
});
