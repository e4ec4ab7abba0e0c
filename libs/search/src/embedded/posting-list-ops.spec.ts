import { intersect, intersectAll, unionAll } from './posting-list-ops';

const list = (...values: number[]): Uint32Array => Uint32Array.from(values);

describe('posting lists', () => {
  it('intersects lists of very different sizes', () => {
    const large = Uint32Array.from({ length: 10_000 }, (_, i) => i * 3);
    expect([...intersect(list(0, 4, 9, 2999, 29_997, 40_000), large)]).toEqual([0, 9, 29_997]);
    expect([...intersect(large, list(3))]).toEqual([3]);
  });

  it('returns null for no lists (no constraint) and intersects several', () => {
    expect(intersectAll([])).toBeNull();
    expect([...(intersectAll([list(1, 2, 3, 5), list(2, 3, 5, 8), list(0, 3, 5)]) ?? [])]).toEqual([3, 5]);
    expect([...(intersectAll([list(1, 2), list()]) ?? [])]).toEqual([]);
  });

  it('unions into an ascending, duplicate-free list', () => {
    expect([...unionAll([list(1, 5, 9), list(2, 5, 10), list(1)])]).toEqual([1, 2, 5, 9, 10]);
    expect([...unionAll([])]).toEqual([]);
  });
});
