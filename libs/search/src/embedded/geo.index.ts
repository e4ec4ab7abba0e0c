import KDBush from 'kdbush';
import type { ProviderDocument } from '../provider-document';
import type { GeoRadius } from '../search-query';
import { boxesAround, haversineKm } from './geo.distance';
import { type PostingList, toBitset } from './posting-list.ops';

/** Below this many candidates, testing each one beats walking the k-d tree. */
const SCAN_LIMIT = 2048;

/** Documents within a radius, unordered, with their distances. */
export interface GeoMatches {
  nums: Uint32Array;
  distances: Float64Array;
}

/**
 * A static k-d tree (kdbush) over the positioned documents of one generation. Documents
 * with a null position are absent, so near queries never return them.
 */
export class GeoIndex {
  private constructor(
    private readonly tree: KDBush | null,
    /** k-d tree item → document number. */
    private readonly itemToNum: Uint32Array,
    /** Per document number; NaN when the document has no position. */
    private readonly latitudes: Float64Array,
    private readonly longitudes: Float64Array,
  ) {}

  static build(documents: readonly ProviderDocument[]): GeoIndex {
    const latitudes = new Float64Array(documents.length).fill(NaN);
    const longitudes = new Float64Array(documents.length).fill(NaN);
    const positioned: number[] = [];
    documents.forEach((document, num) => {
      const position = document.location.position;
      if (!position) return;
      latitudes[num] = position.latitude;
      longitudes[num] = position.longitude;
      positioned.push(num);
    });
    if (positioned.length === 0) return new GeoIndex(null, new Uint32Array(0), latitudes, longitudes);
    const tree = new KDBush(positioned.length);
    for (const num of positioned) tree.add(longitudes[num], latitudes[num]);
    return new GeoIndex(tree.finish(), Uint32Array.from(positioned), latitudes, longitudes);
  }

  /** Distance from `near`'s centre to a document, or null when it has no position. */
  distanceKm(num: number, near: GeoRadius): number | null {
    const latitude = this.latitudes[num];
    return Number.isNaN(latitude) ? null : haversineKm(near.latitude, near.longitude, latitude, this.longitudes[num]);
  }

  /** Documents within the radius, restricted to `candidates` when given (null: all documents). */
  within(near: GeoRadius, candidates: PostingList | null): GeoMatches {
    if (candidates && candidates.length <= SCAN_LIMIT) return this.scan(near, candidates);
    return this.walk(near, candidates ? toBitset(candidates, this.latitudes.length) : null);
  }

  private scan(near: GeoRadius, candidates: PostingList): GeoMatches {
    const nums = new Uint32Array(candidates.length);
    const distances = new Float64Array(candidates.length);
    let n = 0;
    for (let i = 0; i < candidates.length; i++) {
      const distance = this.distanceKm(candidates[i], near);
      if (distance !== null && distance <= near.radiusKm) {
        nums[n] = candidates[i];
        distances[n++] = distance;
      }
    }
    return { nums: nums.subarray(0, n), distances: distances.subarray(0, n) };
  }

  private walk(near: GeoRadius, accept: Uint8Array | null): GeoMatches {
    const nums: number[] = [];
    const distances: number[] = [];
    if (this.tree) {
      for (const box of boxesAround(near, near.radiusKm)) {
        for (const item of this.tree.range(box.minLng, box.minLat, box.maxLng, box.maxLat)) {
          const num = this.itemToNum[item];
          if (accept && accept[num] === 0) continue;
          const distance = haversineKm(near.latitude, near.longitude, this.latitudes[num], this.longitudes[num]);
          if (distance <= near.radiusKm) {
            nums.push(num);
            distances.push(distance);
          }
        }
      }
    }
    return { nums: Uint32Array.from(nums), distances: Float64Array.from(distances) };
  }
}
