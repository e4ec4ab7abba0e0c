import type { Postings } from './postings';
import { StringTable } from './string-table';

/** Prefixes of this many code units or fewer get a precomputed answer. */
export const PREFIX_MAX_LENGTH = 3;
/** How many of a prefix's best documents are kept, in rank order. */
export const PREFIX_TOP = 100;
/** Prefixes matching fewer documents are cheap to answer from the postings; they get no entry. */
export const PREFIX_MIN_DOCUMENTS = 256;

/** How well a dictionary term answers a query term: exact beats prefix beats a typo. */
export const EXACT = 1;
export const PREFIX = 0.5;
export const PER_TYPO = [EXACT, 0.4, 0.2];

/**
 * Type-ahead answers for short prefixes (1 to 3 code units) that match many documents: per
 * prefix, how many documents its expansion matches and its first {@link PREFIX_TOP} in rank
 * order (score descending, then document number) with their scores. They are exactly what a
 * query made of that one prefix term evaluates to, so such a query's page and total need no
 * walk over the tens of thousands of postings a three-letter prefix covers.
 */
export interface PrefixTops {
  /** The prefixes, sorted by code unit. */
  keys: StringTable;
  /** Per prefix, the number of documents it matches. */
  counts: Uint32Array;
  /** Per prefix, `docs`/`scores` span `[offsets[i], offsets[i + 1])`. */
  offsets: Uint32Array;
  docs: Uint32Array;
  scores: Float32Array;
}

export const EMPTY_PREFIX_TOPS: PrefixTops = {
  keys: StringTable.from([]),
  counts: new Uint32Array(0),
  offsets: new Uint32Array(1),
  docs: new Uint32Array(0),
  scores: new Float32Array(0),
};

interface Entry {
  key: string;
  count: number;
  docs: Uint32Array;
  scores: Float32Array;
}

/** One prefix term as a query's last word: every term starting with it, the term itself best. */
export function buildPrefixTops(terms: readonly string[], postings: Postings, documents: number): PrefixTops {
  const best = new Float32Array(documents);
  const touched = new Uint32Array(documents);
  const work: Work = { best, touched, tiers: new Float64Array(MAX_TIERS), heaps: new Uint32Array(MAX_TIERS * PREFIX_TOP), sizes: new Uint32Array(MAX_TIERS) };
  const entries: Entry[] = [];
  for (let length = 1; length <= PREFIX_MAX_LENGTH; length++) {
    for (let from = 0; from < terms.length; ) {
      if (terms[from].length < length) {
        from++;
        continue;
      }
      const key = terms[from].slice(0, length);
      let to = from + 1;
      while (to < terms.length && terms[to].startsWith(key)) to++;
      if (plainKey(key)) {
        const entry = prefixEntry(key, terms, from, to, postings, work);
        if (entry) entries.push(entry);
      }
      from = to;
    }
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const offsets = new Uint32Array(entries.length + 1);
  entries.forEach((entry, i) => (offsets[i + 1] = offsets[i] + entry.docs.length));
  const docs = new Uint32Array(offsets[entries.length]);
  const scores = new Float32Array(offsets[entries.length]);
  entries.forEach((entry, i) => {
    docs.set(entry.docs, offsets[i]);
    scores.set(entry.scores, offsets[i]);
  });
  return { keys: StringTable.from(entries.map((entry) => entry.key)), counts: Uint32Array.from(entries, (entry) => entry.count), offsets, docs, scores };
}

/** No surrogate halves (a cut pair would not survive UTF-8) and no U+FFFF (the range end marker). */
function plainKey(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if ((code >= 0xd800 && code <= 0xdfff) || code === 0xffff) return false;
  }
  return true;
}

/** More than the distinct (match weight x boost) values a prefix's documents can score: weights 1 and 0.5, boosts 1-3. */
const MAX_TIERS = 16;

interface Work {
  best: Float32Array;
  touched: Uint32Array;
  tiers: Float64Array;
  heaps: Uint32Array;
  sizes: Uint32Array;
}

function prefixEntry(key: string, terms: readonly string[], from: number, to: number, postings: Postings, work: Work): Entry | null {
  const { best, touched } = work;
  const { offsets, docs } = postings;
  const boosts = postings.weights!;
  let count = 0;
  for (let t = from; t < to; t++) {
    const weight = terms[t] === key ? EXACT : PREFIX;
    for (let k = offsets[t]; k < offsets[t + 1]; k++) {
      const doc = docs[k];
      const score = weight * boosts[k];
      if (best[doc] === 0) touched[count++] = doc;
      if (score > best[doc]) best[doc] = score;
    }
  }
  let entry: Entry | null = null;
  if (count >= PREFIX_MIN_DOCUMENTS) {
    // Scores take a handful of values (match weight x field boost). Per value, a bounded
    // max-heap keeps its lowest document numbers; the page takes the values from the best down.
    const { tiers, heaps, sizes } = work;
    let tierCount = 0;
    for (let i = 0; i < count; i++) {
      const doc = touched[i];
      const score = best[doc];
      let tier = 0;
      while (tier < tierCount && tiers[tier] !== score) tier++;
      if (tier === tierCount) {
        if (tierCount === MAX_TIERS) throw new Error(`More than ${MAX_TIERS} distinct prefix scores.`);
        tiers[tierCount++] = score;
        sizes[tier] = 0;
      }
      sizes[tier] = offer(heaps, tier * PREFIX_TOP, sizes[tier], doc);
    }
    const ranked = Array.from({ length: tierCount }, (_, tier) => tier).sort((a, b) => tiers[b] - tiers[a]);
    const top = new Uint32Array(Math.min(PREFIX_TOP, count));
    const scores = new Float32Array(top.length);
    let taken = 0;
    for (const tier of ranked) {
      if (taken === top.length) break;
      const lowest = heaps.slice(tier * PREFIX_TOP, tier * PREFIX_TOP + sizes[tier]).sort();
      const chosen = lowest.subarray(0, Math.min(lowest.length, top.length - taken));
      top.set(chosen, taken);
      scores.fill(tiers[tier], taken, taken + chosen.length);
      taken += chosen.length;
    }
    entry = { key, count, docs: top, scores };
  }
  for (let i = 0; i < count; i++) best[touched[i]] = 0;
  return entry;
}

/**
 * Offers `doc` to a bounded max-heap (PREFIX_TOP entries of `heaps` from `base`) keeping the
 * lowest document numbers; returns its new size.
 */
function offer(heaps: Uint32Array, base: number, size: number, doc: number): number {
  if (size < PREFIX_TOP) {
    heaps[base + size] = doc;
    for (let at = size; at > 0; ) {
      const parent = (at - 1) >> 1;
      if (heaps[base + parent] >= heaps[base + at]) break;
      swap(heaps, base + parent, base + at);
      at = parent;
    }
    return size + 1;
  }
  if (doc >= heaps[base]) return size;
  heaps[base] = doc;
  for (let at = 0; ; ) {
    const left = 2 * at + 1;
    if (left >= size) break;
    const larger = left + 1 < size && heaps[base + left + 1] > heaps[base + left] ? left + 1 : left;
    if (heaps[base + at] >= heaps[base + larger]) break;
    swap(heaps, base + at, base + larger);
    at = larger;
  }
  return size;
}

function swap(array: Uint32Array, a: number, b: number): void {
  const value = array[a];
  array[a] = array[b];
  array[b] = value;
}
