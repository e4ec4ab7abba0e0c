/**
 * A small seeded PRNG: mulberry32 (32-bit state, period 2^32), plenty for synthetic data and
 * not meant for anything secret. Written here rather than installed: ten lines, and the exact
 * algorithm is part of the generator's output contract (same seed, same bytes), so a package
 * upgrade must never change it under us.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Mixes small consecutive seeds (1, 2, 3) into unrelated starting states.
    this.state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `count` distinct items in their original order (count is capped at the list's length). */
  sample<T>(items: readonly T[], count: number): T[] {
    const indexes = items.map((_, index) => index);
    for (let i = 0; i < Math.min(count, indexes.length); i++) {
      const j = i + Math.floor(this.next() * (indexes.length - i));
      [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
    }
    return indexes
      .slice(0, count)
      .sort((a, b) => a - b)
      .map((index) => items[index]);
  }
}

/** Draws items in proportion to their weights: O(log n) per draw over cumulative weights. */
export class WeightedPicker<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weightOf: (item: T) => number,
  ) {
    if (items.length === 0) throw new RangeError('WeightedPicker needs at least one item');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    items.forEach((item, index) => {
      sum += weightOf(item);
      this.cumulative[index] = sum;
    });
    this.total = sum;
  }

  pick(random: SeededRandom): T {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low];
  }
}
