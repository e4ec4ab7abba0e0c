import KDBush from 'kdbush';
import { haversineKm } from '../geo.distance';
import type { GeoBoundingBox, GeoRadius } from '../search-query';
import { boxesAround, boxesOf, inBox, type LngLatBox } from './geo.boxes';
import type { Match, Scratch } from './scratch';

/** Where to look: a radius (with distances), a bounding box, or both at once. */
export interface GeoConstraint {
  near?: GeoRadius;
  box?: GeoBoundingBox;
}

/**
 * Positions as columns plus a static k-d tree (kdbush) over the positioned documents.
 * Documents without a position are never in a geo match.
 */
export class GeoIndex {
  private readonly tree: KDBush | null;

  constructor(
    treeData: Uint8Array | null,
    /** k-d tree item -> document number. */
    private readonly items: Uint32Array,
    /** Per document number; NaN when the document has no position. */
    private readonly latitudes: Float64Array,
    private readonly longitudes: Float64Array,
    private readonly scratch: () => Scratch,
  ) {
    // kdbush reads its header at offset 0 of its own buffer, so the tree gets a copy.
    this.tree = treeData ? KDBush.from(treeData.slice().buffer) : null;
  }

  /**
   * The part of `match` inside the constraint, scores carried along, with distances when
   * `near` is given. A small candidate list is tested directly; otherwise the tree is walked.
   */
  within(match: Match, where: GeoConstraint): Match {
    const candidates = match.nums;
    if (candidates && candidates.length * 4 <= this.latitudes.length) return this.scan(match, candidates, where);
    return this.walk(match, where);
  }

  private scan(match: Match, candidates: Uint32Array, { near, box }: GeoConstraint): Match {
    const nums = new Uint32Array(candidates.length);
    const scores = match.scores ? new Float32Array(candidates.length) : null;
    const distances = near ? new Float64Array(candidates.length) : null;
    // The circle's bounding boxes reject most candidates before the trigonometry.
    const around = near ? boxesAround(near, near.radiusKm) : null;
    let n = 0;
    for (let i = 0; i < candidates.length; i++) {
      const num = candidates[i];
      const latitude = this.latitudes[num];
      const longitude = this.longitudes[num];
      if (Number.isNaN(latitude) || (box && !inBox(box, latitude, longitude))) continue;
      if (near && around) {
        if (!inAny(around, latitude, longitude)) continue;
        const distance = haversineKm(near.latitude, near.longitude, latitude, longitude);
        if (distance > near.radiusKm) continue;
        distances![n] = distance;
      }
      if (scores) scores[n] = match.scores![i];
      nums[n++] = num;
    }
    return { nums: nums.subarray(0, n), scores: scores?.subarray(0, n) ?? null, distances: distances?.subarray(0, n) ?? null, ascending: match.ascending };
  }

  private walk(match: Match, { near, box }: GeoConstraint): Match {
    const nums: number[] = [];
    const scores: number[] = [];
    const distances: number[] = [];
    const candidates = match.nums;
    const slots = this.scratch().slots;
    if (candidates) for (let i = 0; i < candidates.length; i++) slots[candidates[i]] = i + 1;
    const ranges = near ? boxesAround(near, near.radiusKm) : boxesOf(box!);
    for (const range of this.tree ? ranges : []) {
      for (const item of this.tree!.range(range.minLng, range.minLat, range.maxLng, range.maxLat)) {
        const num = this.items[item];
        const slot = candidates ? slots[num] : num + 1;
        if (slot === 0) continue;
        const latitude = this.latitudes[num];
        const longitude = this.longitudes[num];
        if (near && box && !inBox(box, latitude, longitude)) continue;
        if (near) {
          const distance = haversineKm(near.latitude, near.longitude, latitude, longitude);
          if (distance > near.radiusKm) continue;
          distances.push(distance);
        }
        if (match.scores) scores.push(match.scores[slot - 1]);
        nums.push(num);
      }
    }
    if (candidates) for (let i = 0; i < candidates.length; i++) slots[candidates[i]] = 0;
    return {
      nums: Uint32Array.from(nums),
      scores: match.scores ? Float32Array.from(scores) : null,
      distances: near ? Float64Array.from(distances) : null,
      ascending: false,
    };
  }
}

function inAny(boxes: readonly LngLatBox[], latitude: number, longitude: number): boolean {
  for (const b of boxes) {
    if (latitude >= b.minLat && latitude <= b.maxLat && longitude >= b.minLng && longitude <= b.maxLng) return true;
  }
  return false;
}
