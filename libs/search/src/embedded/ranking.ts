import type { SearchSort } from '../search-query';
import type { Match } from './scratch';

/** True when position `a` of a match ranks before position `b`. */
export type Before = (a: number, b: number) => boolean;

/**
 * The query's order over positions of a match: relevance (score, then distance, then id)
 * or distance (then id); without scores or distances, id order, i.e. document number.
 */
export function rankOrder(match: Match, sort: SearchSort): Before {
  const { scores, distances } = match;
  const nums = match.nums!;
  if (sort === 'relevance' && scores) {
    if (distances) {
      return (a, b) =>
        scores[a] !== scores[b] ? scores[a] > scores[b] : distances[a] !== distances[b] ? distances[a] < distances[b] : nums[a] < nums[b];
    }
    return (a, b) => (scores[a] !== scores[b] ? scores[a] > scores[b] : nums[a] < nums[b]);
  }
  if (distances) return (a, b) => (distances[a] !== distances[b] ? distances[a] < distances[b] : nums[a] < nums[b]);
  return (a, b) => nums[a] < nums[b];
}

/**
 * The first `k` of `count` positions in order, by a bounded max-heap: O(count log k), so a
 * page near the top of a large match never sorts the whole match.
 */
export function topPositions(count: number, k: number, before: Before): Uint32Array {
  k = Math.min(k, count);
  const heap = new Uint32Array(k);
  let size = 0;
  for (let i = 0; i < count; i++) {
    if (size < k) {
      heap[size] = i;
      siftUp(heap, size++, before);
    } else if (k > 0 && before(i, heap[0])) {
      heap[0] = i;
      siftDown(heap, size, before);
    }
  }
  return heap.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
}

// The heap's root is the position ranked last, the first to drop out.
function siftUp(heap: Uint32Array, at: number, before: Before): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!before(heap[parent], heap[at])) return;
    [heap[parent], heap[at]] = [heap[at], heap[parent]];
    at = parent;
  }
}

function siftDown(heap: Uint32Array, size: number, before: Before): void {
  for (let at = 0; ; ) {
    const left = 2 * at + 1;
    if (left >= size) return;
    const right = left + 1;
    const later = right < size && before(heap[left], heap[right]) ? right : left;
    if (!before(heap[at], heap[later])) return;
    [heap[at], heap[later]] = [heap[later], heap[at]];
    at = later;
  }
}
