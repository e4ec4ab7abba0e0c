/**
 * Posting lists of many keys in compressed-row form: key k's document numbers are
 * `docs[offsets[k] .. offsets[k + 1])`, ascending, with an optional weight per entry.
 */
export class Postings {
  constructor(
    readonly offsets: Uint32Array,
    readonly docs: Uint32Array,
    readonly weights: Uint8Array | null,
  ) {}

  get keyCount(): number {
    return this.offsets.length - 1;
  }

  list(key: number): Uint32Array {
    return this.docs.subarray(this.offsets[key], this.offsets[key + 1]);
  }
}

/** Growable typed array: millions of entries without a JS number array's 8+ bytes each. */
export class U32Buffer {
  private data = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Growable Float64Array. */
export class F64Buffer {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i];
  }
}

/** Per slot, a run of keys (or of key, weight pairs) in one flat array: `values[starts[slot] .. starts[slot + 1])`. */
export interface SlotRuns {
  starts: Uint32Array;
  values: Uint32Array;
}

/**
 * Groups the slots' keys into posting lists with a counting sort over the runs themselves, document
 * `num` being slot `order[num]`: visiting documents in ascending order keeps each list ascending,
 * and no (key, document) pair is copied out first (at a million documents those were 50 million
 * entries, in arrays that doubled as they grew). Weighted runs hold (key, weight) pairs;
 * `renumber`, when given, maps each key to its final number.
 */
export function postingsOf(runs: SlotRuns, order: ArrayLike<number>, keyCount: number, weighted: boolean, renumber?: Uint32Array): Postings {
  const { starts, values } = runs;
  const stride = weighted ? 2 : 1;
  const key = (at: number) => (renumber ? renumber[values[at]] : values[at]);
  const offsets = new Uint32Array(keyCount + 1);
  for (let num = 0; num < order.length; num++) {
    const slot = order[num];
    for (let at = starts[slot]; at < starts[slot + 1]; at += stride) offsets[key(at) + 1]++;
  }
  for (let k = 0; k < keyCount; k++) offsets[k + 1] += offsets[k];
  const next = offsets.slice(0, keyCount);
  const docs = new Uint32Array(offsets[keyCount]);
  const weights = weighted ? new Uint8Array(offsets[keyCount]) : null;
  for (let num = 0; num < order.length; num++) {
    const slot = order[num];
    for (let at = starts[slot]; at < starts[slot + 1]; at += stride) {
      const position = next[key(at)]++;
      docs[position] = num;
      if (weights) weights[position] = values[at + 1];
    }
  }
  return new Postings(offsets, docs, weights);
}
