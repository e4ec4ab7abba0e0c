/** First position in `[from, to)` of code-unit-sorted `words` whose word is not below `value`. */
export function lowerBound(words: readonly string[], value: string, from = 0, to = words.length): number {
  while (from < to) {
    const mid = (from + to) >>> 1;
    if (words[mid] < value) from = mid + 1;
    else to = mid;
  }
  return from;
}
