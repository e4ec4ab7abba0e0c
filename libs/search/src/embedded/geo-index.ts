import { EARTH_RADIUS_KM } from '../geo-distance';
import type { GeoBoundingBox, GeoRadius } from '../search-query';
import { boxesAround, boxesOf, inBox, type LngLatBox } from './geo-boxes';
import type { Match, Scratch } from './scratch';

/** Where to look: a radius (with distances), a bounding box, or both at once. */
export interface GeoConstraint {
  near?: GeoRadius;
  box?: GeoBoundingBox;
}

/** Cells per degree of the density grid behind {@link GeoIndex.estimate}. */
const CELLS_PER_DEGREE = 4;
const GRID_WIDTH = 360 * CELLS_PER_DEGREE;
const GRID_HEIGHT = 180 * CELLS_PER_DEGREE;

/**
 * Positions as columns plus a static k-d tree (kdbush) over the positioned documents.
 * Documents without a position are never in a geo match.
 */
export class GeoIndex {
  private readonly ids: Uint16Array | Uint32Array;
  private readonly coords: Float64Array;
  private readonly nodeSize: number;
  private readonly stack = new Uint32Array(96);
  /** Summed-area table of positioned documents per grid cell, built on first use. */
  private density: Uint32Array | null = null;
  private cosineColumn: Float64Array | null = null;
  private pairColumn: Float32Array | null = null;
  private bandColumn: Uint16Array | null = null;
  private treeNumColumn: Uint32Array | null = null;

  constructor(
    treeData: Uint8Array | null,
    /** k-d tree item -> document number. */
    private readonly items: Uint32Array,
    /** Per document number; NaN when the document has no position. */
    private readonly latitudes: Float64Array,
    private readonly longitudes: Float64Array,
    private readonly scratch: () => Scratch,
  ) {
    const tree = treeData ? treeArrays(treeData) : null;
    this.ids = tree ? tree.ids : new Uint32Array(0);
    this.coords = tree ? tree.coords : new Float64Array(0);
    this.nodeSize = tree ? tree.nodeSize : 1;
  }

  /**
   * An upper estimate (whole grid cells of a quarter degree) of how many positioned
   * documents lie in the constraint's boxes, in constant time: what a tree walk would visit.
   */
  estimate({ near, box }: GeoConstraint): number {
    const grid = (this.density ??= this.densityGrid());
    let count = 0;
    for (const range of near ? boxesAround(near, near.radiusKm) : boxesOf(box!)) {
      const x0 = cell(range.minLng + 180, GRID_WIDTH);
      const x1 = cell(range.maxLng + 180, GRID_WIDTH) + 1;
      const y0 = cell(range.minLat + 90, GRID_HEIGHT);
      const y1 = cell(range.maxLat + 90, GRID_HEIGHT) + 1;
      const row = GRID_WIDTH + 1;
      count += grid[y1 * row + x1] - grid[y0 * row + x1] - grid[y1 * row + x0] + grid[y0 * row + x0];
    }
    return count;
  }

  /**
   * The part of `match` inside the constraint, scores carried along, with distances when
   * `near` is given. A small candidate list is tested directly; otherwise the tree is walked.
   */
  within(match: Match, where: GeoConstraint): Match {
    const candidates = match.nums;
    if (!candidates) return this.walk(match, where);
    const inArea = this.estimate(where);
    // Without scores, membership is a bit: setting one per candidate costs little next to testing
    // a candidate's position, so the tree is walked whenever the area holds fewer documents.
    if (!match.scores && inArea <= candidates.length) return this.walk(match, where);
    if (candidates.length * 4 <= this.latitudes.length || candidates.length <= inArea) return this.scan(match, candidates, where);
    return this.walk(match, where);
  }

  /**
   * Tests each candidate directly, cheapest test first, since most fail the area: its latitude band
   * (two bytes a document, a column that stays in cache), then a float32 copy of its position (one
   * 8-byte pair, on boxes padded past float32's rounding), then the float64 columns and the circle.
   * Hits collect in the scratch columns and are copied out at their own length.
   */
  private scan(match: Match, candidates: Uint32Array, { near, box }: GeoConstraint): Match {
    const scratch = this.scratch();
    const nums = scratch.list;
    const scores = scratch.values;
    const distances = scratch.distances;
    const around = near ? boxesAround(near, near.radiusKm) : null;
    const coarse = (around ?? boxesOf(box!)).map(padded);
    const pairs = this.float32Pairs();
    const bands = this.latitudeBands();
    const lowest = band(Math.min(...coarse.map((range) => range.minLat))) - 1;
    const highest = band(Math.max(...coarse.map((range) => range.maxLat))) + 1;
    const circle = near ? new Circle(near) : null;
    const cosines = this.cosines();
    let n = 0;
    for (let i = 0; i < candidates.length; i++) {
      const num = candidates[i];
      if (bands[num] < lowest || bands[num] > highest) continue;
      if (!inAny(coarse, pairs[2 * num], pairs[2 * num + 1])) continue;
      const latitude = this.latitudes[num];
      const longitude = this.longitudes[num];
      if (box && !inBox(box, latitude, longitude)) continue;
      if (circle && around) {
        if (!inAny(around, latitude, longitude)) continue;
        const distance = circle.distance(latitude, longitude, cosines[num]);
        if (distance > circle.radiusKm) continue;
        distances[n] = distance;
      }
      if (match.scores) scores[n] = match.scores[i];
      nums[n++] = num;
    }
    return {
      nums: nums.slice(0, n),
      scores: match.scores ? scores.slice(0, n) : null,
      distances: circle ? distances.slice(0, n) : null,
      ascending: match.ascending,
    };
  }

  /**
   * The part of `match` inside the constraint's boxes: the radius's bounding boxes and the
   * bounding box, without the exact circle test or any distance (`within` finishes that on
   * what is left after the other constraints). Scores are carried along.
   */
  boxed(match: Match, where: GeoConstraint): Match {
    return this.walk(match, where, false);
  }

  /**
   * Walks the tree's ranges, collecting into the scratch columns, then copies the hits out.
   * Candidates are marked in a bitset when they carry no scores (it stays in cache), else in the
   * slots, which carry each candidate's position to its score.
   */
  private walk(match: Match, { near, box }: GeoConstraint, exact = true): Match {
    const candidates = match.nums;
    const scratch = this.scratch();
    const { slots, members } = scratch;
    const nums = scratch.list;
    const distances = scratch.distances;
    const scores = scratch.values;
    const bits = candidates !== null && match.scores === null;
    if (candidates && bits) for (let i = 0; i < candidates.length; i++) members[candidates[i] >>> 5] |= 1 << (candidates[i] & 31);
    else if (candidates) for (let i = 0; i < candidates.length; i++) slots[candidates[i]] = i + 1;
    const circle = near && exact ? new Circle(near) : null;
    const cosines = this.cosines();
    const treeNums = this.treeOrderNums();
    let n = 0;
    const ranges = near ? boxesAround(near, near.radiusKm) : boxesOf(box!);
    for (const range of this.items.length > 0 ? ranges : []) {
      const found = this.range(range, n);
      for (let k = n; k < found; k++) {
        const at = nums[k];
        const num = treeNums[at];
        const slot = !candidates ? num + 1 : bits ? (members[num >>> 5] >>> (num & 31)) & 1 : slots[num];
        if (slot === 0) continue;
        const longitude = this.coords[2 * at];
        const latitude = this.coords[2 * at + 1];
        if (near && box && !inBox(box, latitude, longitude)) continue;
        if (circle) {
          const distance = circle.distance(latitude, longitude, cosines[num]);
          if (distance > circle.radiusKm) continue;
          distances[n] = distance;
        }
        if (match.scores) scores[n] = match.scores[slot - 1];
        nums[n++] = num;
      }
    }
    if (candidates && bits) for (let i = 0; i < candidates.length; i++) members[candidates[i] >>> 5] = 0;
    else if (candidates) for (let i = 0; i < candidates.length; i++) slots[candidates[i]] = 0;
    return {
      nums: nums.slice(0, n),
      scores: match.scores ? scores.slice(0, n) : null,
      distances: circle ? distances.slice(0, n) : null,
      ascending: false,
    };
  }

  /**
   * kdbush's range search over its own arrays, writing tree positions (of `ids` and
   * `coords`) into the scratch list from `at` on (no array per call); returns where it stopped.
   */
  private range({ minLng, minLat, maxLng, maxLat }: LngLatBox, at: number): number {
    const { coords, nodeSize, stack } = this;
    const out = this.scratch().list;
    stack[0] = 0;
    stack[1] = this.ids.length - 1;
    stack[2] = 0;
    let sp = 3;
    while (sp > 0) {
      const axis = stack[--sp];
      const right = stack[--sp];
      const left = stack[--sp];
      if (right - left <= nodeSize) {
        for (let i = left; i <= right; i++) {
          const x = coords[2 * i];
          const y = coords[2 * i + 1];
          if (x >= minLng && x <= maxLng && y >= minLat && y <= maxLat) out[at++] = i;
        }
        continue;
      }
      const m = (left + right) >> 1;
      const x = coords[2 * m];
      const y = coords[2 * m + 1];
      if (x >= minLng && x <= maxLng && y >= minLat && y <= maxLat) out[at++] = m;
      if (axis === 0 ? minLng <= x : minLat <= y) {
        stack[sp++] = left;
        stack[sp++] = m - 1;
        stack[sp++] = 1 - axis;
      }
      if (axis === 0 ? maxLng >= x : maxLat >= y) {
        stack[sp++] = m + 1;
        stack[sp++] = right;
        stack[sp++] = 1 - axis;
      }
    }
    return at;
  }

  /** Per tree position, its document number (`items[ids[at]]`), so a walk reads it in tree order; built on first use. */
  private treeOrderNums(): Uint32Array {
    if (!this.treeNumColumn) {
      this.treeNumColumn = new Uint32Array(this.ids.length);
      for (let at = 0; at < this.ids.length; at++) this.treeNumColumn[at] = this.items[this.ids[at]];
    }
    return this.treeNumColumn;
  }

  /** Per document, its latitude and longitude as float32, interleaved (NaN without a position); built on first use. */
  private float32Pairs(): Float32Array {
    if (!this.pairColumn) {
      this.pairColumn = new Float32Array(2 * this.latitudes.length);
      for (let num = 0; num < this.latitudes.length; num++) {
        this.pairColumn[2 * num] = this.latitudes[num];
        this.pairColumn[2 * num + 1] = this.longitudes[num];
      }
    }
    return this.pairColumn;
  }

  /** Per document, its latitude's band (see {@link band}); 0 without a position, which the float32 test then rejects. */
  private latitudeBands(): Uint16Array {
    if (!this.bandColumn) {
      this.bandColumn = new Uint16Array(this.latitudes.length);
      for (let num = 0; num < this.latitudes.length; num++) this.bandColumn[num] = Number.isNaN(this.latitudes[num]) ? 0 : band(this.latitudes[num]);
    }
    return this.bandColumn;
  }

  /** Per document, the cosine of its latitude (as haversineKm computes it), computed on first use. */
  private cosines(): Float64Array {
    if (!this.cosineColumn) {
      this.cosineColumn = new Float64Array(this.latitudes.length);
      for (let num = 0; num < this.latitudes.length; num++) this.cosineColumn[num] = Math.cos(this.latitudes[num] * RAD);
    }
    return this.cosineColumn;
  }

  private densityGrid(): Uint32Array {
    const row = GRID_WIDTH + 1;
    const grid = new Uint32Array(row * (GRID_HEIGHT + 1));
    const { coords } = this;
    for (let i = 0; i < coords.length; i += 2) {
      grid[(cell(coords[i + 1] + 90, GRID_HEIGHT) + 1) * row + cell(coords[i] + 180, GRID_WIDTH) + 1]++;
    }
    for (let y = 1; y <= GRID_HEIGHT; y++) {
      for (let x = 1; x <= GRID_WIDTH; x++) grid[y * row + x] += grid[(y - 1) * row + x] + grid[y * row + x - 1] - grid[(y - 1) * row + x - 1];
    }
    return grid;
  }
}

/**
 * Haversine distances from one centre, as haversineKm computes them (same operations, same
 * order, so the same bits), with the centre's cosine computed once.
 */
class Circle {
  readonly radiusKm: number;
  private readonly latitude: number;
  private readonly longitude: number;
  private readonly cosLatitude: number;

  constructor(near: GeoRadius) {
    this.radiusKm = near.radiusKm;
    this.latitude = near.latitude;
    this.longitude = near.longitude;
    this.cosLatitude = Math.cos(near.latitude * RAD);
  }

  /** `cosLatitude` is Math.cos(latitude * RAD), precomputed per document. */
  distance(latitude: number, longitude: number, cosLatitude: number): number {
    const sinDLat = Math.sin(((latitude - this.latitude) * RAD) / 2);
    const sinDLng = Math.sin(((longitude - this.longitude) * RAD) / 2);
    const h = sinDLat * sinDLat + this.cosLatitude * cosLatitude * sinDLng * sinDLng;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}

const RAD = Math.PI / 180;

/** kdbush's serialised header size (format version 1). */
const KDBUSH_HEADER = 8;

/**
 * Views of a kdbush tree's arrays (item ids and interleaved lng/lat, as kdbush.from reads
 * them) over the serialised bytes in place, so a loaded snapshot's tree is not copied.
 */
function treeArrays(data: Uint8Array): { ids: Uint16Array | Uint32Array; coords: Float64Array; nodeSize: number } {
  // Typed views need 8-byte alignment; a snapshot's sections have it, anything else is copied.
  if ((data.byteOffset & 7) !== 0) return treeArrays(data.slice());
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // Magic 0xdb, version 1 in the high nibble, Float64Array (type 8) in the low one.
  if (view.getUint8(0) !== 0xdb || view.getUint8(1) !== 0x18) throw new Error('The geo tree is not a kdbush v1 Float64Array tree.');
  const nodeSize = view.getUint16(2, true);
  const count = view.getUint32(4, true);
  const idBytes = count < 65536 ? 2 : 4;
  const idsStart = data.byteOffset + KDBUSH_HEADER;
  const coordsStart = idsStart + count * idBytes + ((8 - ((count * idBytes) % 8)) % 8);
  return {
    ids: idBytes === 2 ? new Uint16Array(data.buffer, idsStart, count) : new Uint32Array(data.buffer, idsStart, count),
    coords: new Float64Array(data.buffer, coordsStart, count * 2),
    nodeSize,
  };
}

/** The grid cell of a coordinate shifted to start at 0, clamped to the grid. */
function cell(shifted: number, cells: number): number {
  return Math.min(cells - 1, Math.max(0, Math.floor(shifted * CELLS_PER_DEGREE)));
}

/**
 * Degrees a box grows by before it tests float32 positions: float32 rounds a longitude near ±180
 * by under 8e-6 degrees, so no position inside the box falls outside the padded one.
 */
const FLOAT32_PAD_DEG = 1e-4;

/** Latitude bands of about 300 m: 65,535 from pole to pole. */
const BANDS_PER_DEGREE = 65_535 / 180;

/** The band of a latitude (rounded down; callers widen ranges by one band each side). */
function band(latitude: number): number {
  return Math.min(65_535, Math.max(0, Math.floor((latitude + 90) * BANDS_PER_DEGREE)));
}

function padded({ minLng, minLat, maxLng, maxLat }: LngLatBox): LngLatBox {
  return { minLng: minLng - FLOAT32_PAD_DEG, minLat: minLat - FLOAT32_PAD_DEG, maxLng: maxLng + FLOAT32_PAD_DEG, maxLat: maxLat + FLOAT32_PAD_DEG };
}

function inAny(boxes: readonly LngLatBox[], latitude: number, longitude: number): boolean {
  for (const b of boxes) {
    if (latitude >= b.minLat && latitude <= b.maxLat && longitude >= b.minLng && longitude <= b.maxLng) return true;
  }
  return false;
}
