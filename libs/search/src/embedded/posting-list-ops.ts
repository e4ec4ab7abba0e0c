/**
 * Posting lists: ascending, duplicate-free arrays of internal document numbers. Document
 * numbers follow id order, so a posting list is already in the port's tie-break order.
 */
export type PostingList = Uint32Array;

export const EMPTY_POSTINGS: PostingList = new Uint32Array(0);

/** Intersection of all lists (none → null, meaning "every document"), smallest first. */
export function intersectAll(lists: PostingList[]): PostingList | null {
  if (lists.length === 0) return null;
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0];
  for (let i = 1; i < sorted.length && result.length > 0; i++) result = intersect(result, sorted[i]);
  return result;
}

/** Intersection of two lists; gallops through the longer one when sizes differ a lot. */
export function intersect(small: PostingList, large: PostingList): PostingList {
  if (small.length > large.length) return intersect(large, small);
  const out = new Uint32Array(small.length);
  let n = 0;
  let lo = 0;
  for (let i = 0; i < small.length && lo < large.length; i++) {
    const value = small[i];
    lo = lowerBound(large, value, lo);
    if (lo < large.length && large[lo] === value) out[n++] = value;
  }
  return out.subarray(0, n);
}

/** Union of lists (values within one filter field are OR-ed). */
export function unionAll(lists: PostingList[]): PostingList {
  if (lists.length === 0) return EMPTY_POSTINGS;
  if (lists.length === 1) return lists[0];
  let size = 0;
  for (const list of lists) size += list.length;
  const all = new Uint32Array(size);
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (n === 0 || all[n - 1] !== all[i]) all[n++] = all[i];
  return all.subarray(0, n);
}

/** First position ≥ `from` whose value is ≥ `value` (exponential then binary search). */
function lowerBound(list: PostingList, value: number, from: number): number {
  let step = 1;
  let hi = from;
  while (hi < list.length && list[hi] < value) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, list.length);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (list[mid] < value) from = mid + 1;
    else hi = mid;
  }
  return from;
}

/** Membership test table for a list over `size` documents. */
export function toBitset(list: PostingList, size: number): Uint8Array {
  const bits = new Uint8Array(size);
  for (let i = 0; i < list.length; i++) bits[list[i]] = 1;
  return bits;
}
