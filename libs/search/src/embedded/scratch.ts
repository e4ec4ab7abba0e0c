/**
 * Per-generation work arrays, one slot per document, reused by every query instead of
 * allocating document-sized arrays each time. Queries run synchronously, one at a time,
 * and every user puts back the zeros it changed before returning (`list`, `distances` and
 * `values` are plain buffers: whatever they hold is overwritten before it is read).
 */
export class Scratch {
  readonly scores: Float32Array;
  /** Positions + 1 into a candidate list; 0 means "not a candidate". */
  readonly slots: Int32Array;
  /** One bit per document: membership in a candidate list whose positions do not matter. */
  readonly members: Uint32Array;
  /** A list of document numbers being collected. */
  readonly list: Uint32Array;
  /** Distances and scores collected alongside `list`. */
  readonly distances: Float64Array;
  readonly values: Float32Array;
  /** Per-candidate running scores of a text evaluation (see TextMatcher.matchWithin). */
  readonly totals: Float32Array;
  readonly termScores: Float32Array;

  constructor(documents: number) {
    this.scores = new Float32Array(documents);
    this.slots = new Int32Array(documents);
    this.members = new Uint32Array(Math.ceil(documents / 32));
    this.list = new Uint32Array(documents);
    this.distances = new Float64Array(documents);
    this.values = new Float32Array(documents);
    this.totals = new Float32Array(documents);
    this.termScores = new Float32Array(documents);
  }
}

/**
 * The documents matching a query so far. `nums` null means every document in number order;
 * `scores` (text relevance) and `distances` (from `near`) run parallel to `nums`.
 */
export interface Match {
  nums: Uint32Array | null;
  scores: Float32Array | null;
  distances: Float64Array | null;
  /** `nums` ascend, i.e. are already in id order. */
  ascending: boolean;
}
