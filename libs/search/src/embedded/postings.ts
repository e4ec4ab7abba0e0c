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

/**
 * Collects (key, document, weight) entries with documents added in ascending order, then
 * groups them by key with a counting sort, which keeps each key's documents ascending.
 */
export class PostingsBuilder {
  private readonly keys = new U32Buffer();
  private readonly docs = new U32Buffer();
  private readonly weights: U32Buffer | null;

  constructor(weighted: boolean) {
    this.weights = weighted ? new U32Buffer() : null;
  }

  add(key: number, doc: number, weight = 0): void {
    this.keys.push(key);
    this.docs.push(doc);
    this.weights?.push(weight);
  }

  /** `renumber`, when given, maps each added key to its final number. */
  finish(keyCount: number, renumber?: Uint32Array): Postings {
    const keys = this.keys.view();
    if (renumber) for (let i = 0; i < keys.length; i++) keys[i] = renumber[keys[i]];
    const docs = this.docs.view();
    const offsets = new Uint32Array(keyCount + 1);
    for (let i = 0; i < keys.length; i++) offsets[keys[i] + 1]++;
    for (let k = 0; k < keyCount; k++) offsets[k + 1] += offsets[k];
    const next = offsets.slice(0, keyCount);
    const sortedDocs = new Uint32Array(keys.length);
    const weights = this.weights?.view();
    const sortedWeights = weights ? new Uint8Array(keys.length) : null;
    for (let i = 0; i < keys.length; i++) {
      const at = next[keys[i]]++;
      sortedDocs[at] = docs[i];
      if (sortedWeights && weights) sortedWeights[at] = weights[i];
    }
    return new Postings(offsets, sortedDocs, sortedWeights);
  }
}
