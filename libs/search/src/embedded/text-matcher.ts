import type { Synonyms } from '../synonyms/synonyms';
import type { Match, Scratch } from './scratch';
import type { TextIndex } from './text-index';
import { parseQuery, type QueryTerm } from './text-query';

/** Documents with a relevance score each; `docs` ascend only when `ascending` says so. */
interface Scored {
  docs: Uint32Array;
  scores: Float32Array;
  ascending: boolean;
}

const EMPTY: Scored = { docs: new Uint32Array(0), scores: new Float32Array(0), ascending: true };

/** A query term with the dictionary terms it matches and their match weights. */
interface ExpandedTerm {
  query: QueryTerm;
  terms: number[];
  weights: number[];
}

/**
 * Query text parsed and expanded against the dictionary: slots AND-ed, alternatives OR-ed,
 * terms within an alternative AND-ed. `postings` is how many posting entries evaluating it
 * reads, what the executor weighs against the other constraints' candidate counts.
 */
export interface TextPlan {
  slots: ExpandedTerm[][][];
  postings: number;
}

/** A lone prefix term's precomputed page: see PrefixTops. */
export interface PrefixAnswer {
  count: number;
  docs: Uint32Array;
  scores: Float32Array;
}

/**
 * Evaluates query text: slots AND-ed (scores summed), alternatives OR-ed (best score kept),
 * a term's score being the best of (match weight x field boost) over the dictionary terms
 * it matches. Set operations run on the shared per-document score array, so each costs
 * the sizes of its inputs, not the size of the index. Against a small candidate set
 * (a radius, a selective filter) the postings are only read, scoring the candidates alone.
 */
export class TextMatcher {
  constructor(
    private readonly index: TextIndex,
    private readonly synonyms: Synonyms,
    private readonly scratch: () => Scratch,
  ) {}

  /** The text parsed and expanded; null when it holds no term. */
  plan(text: string | undefined): TextPlan | null {
    const slots = text ? parseQuery(text, this.synonyms) : [];
    if (slots.length === 0) return null;
    const { offsets } = this.index.postings;
    let postings = 0;
    const expanded = slots.map((slot) =>
      slot.map((alternative) =>
        alternative.map((query): ExpandedTerm => {
          const { terms, weights } = this.index.expand(query.text, query.prefix, query.typos);
          for (const term of terms) postings += offsets[term + 1] - offsets[term];
          return { query, terms, weights };
        }),
      ),
    );
    return { slots: expanded, postings };
  }

  /** When the plan is one prefix term with a precomputed answer (see PrefixTops), that answer. */
  prefixAnswer(plan: TextPlan): PrefixAnswer | null {
    if (plan.slots.length !== 1 || plan.slots[0].length !== 1 || plan.slots[0][0].length !== 1) return null;
    const { query } = plan.slots[0][0][0];
    return query.prefix && query.typos === 0 ? this.index.prefixTop(query.text) : null;
  }

  /** The documents matching the plan, scored. */
  match(plan: TextPlan): Match {
    let result: Scored | null = null;
    for (const slot of plan.slots) {
      const scored = this.slot(slot);
      result = result ? this.intersect(result, scored) : scored;
      if (result.docs.length === 0) break;
    }
    return { nums: result!.docs, scores: result!.scores, distances: null, ascending: result!.ascending };
  }

  /**
   * The candidates (a non-null match list, with distances or not) that also match the plan,
   * in the candidates' order, scored exactly as {@link match} scores them. Costs one read of
   * the plan's postings and a few arrays of the candidates' size.
   */
  matchWithin(plan: TextPlan, candidates: Match): Match {
    const nums = candidates.nums!;
    const size = nums.length;
    const { slots, totals, termScores } = this.scratch();
    for (let i = 0; i < size; i++) slots[nums[i]] = i + 1;
    // Work arrays indexed by candidate position: the scratch ones, zeroed over the candidates.
    const total = totals.subarray(0, size).fill(0);
    const term = termScores.subarray(0, size).fill(0);
    for (let s = 0; s < plan.slots.length; s++) {
      const slot = plan.slots[s];
      // One term (the usual case) scores straight into the total; otherwise per alternative.
      const lone = slot.length === 1 && slot[0].length === 1;
      const best = s === 0 && lone ? total : lone ? term : new Float32Array(size);
      if (lone) this.scoreWithin(slot[0][0], slots, best);
      else {
        for (const alternative of slot) {
          const sum = new Float32Array(size);
          const hits = new Uint8Array(size);
          for (const expanded of alternative) {
            term.fill(0);
            this.scoreWithin(expanded, slots, term);
            for (let i = 0; i < size; i++) {
              if (term[i] === 0) continue;
              sum[i] += term[i];
              hits[i]++;
            }
          }
          for (let i = 0; i < size; i++) if (hits[i] === alternative.length && sum[i] > best[i]) best[i] = sum[i];
        }
      }
      if (best !== total) {
        for (let i = 0; i < size; i++) total[i] = s === 0 ? best[i] : total[i] === 0 || best[i] === 0 ? 0 : total[i] + best[i];
      }
      term.fill(0);
    }
    for (let i = 0; i < size; i++) slots[nums[i]] = 0;
    let n = 0;
    for (let i = 0; i < size; i++) if (total[i] !== 0) n++;
    const keptNums = new Uint32Array(n);
    const keptScores = new Float32Array(n);
    const distances = candidates.distances;
    const keptDistances = distances ? new Float64Array(n) : null;
    n = 0;
    for (let i = 0; i < size; i++) {
      if (total[i] === 0) continue;
      keptNums[n] = nums[i];
      keptScores[n] = total[i];
      if (keptDistances) keptDistances[n] = distances![i];
      n++;
    }
    return { nums: keptNums, scores: keptScores, distances: keptDistances, ascending: candidates.ascending };
  }

  /** Each candidate's best (match weight x boost) for one query term, into `into` (by candidate position). */
  private scoreWithin({ terms, weights }: ExpandedTerm, slots: Int32Array, into: Float32Array): void {
    const { offsets, docs } = this.index.postings;
    const boosts = this.index.postings.weights!;
    for (let t = 0; t < terms.length; t++) {
      const weight = weights[t];
      for (let k = offsets[terms[t]], end = offsets[terms[t] + 1]; k < end; k++) {
        const slot = slots[docs[k]];
        if (slot === 0) continue;
        const score = weight * boosts[k];
        if (score > into[slot - 1]) into[slot - 1] = score;
      }
    }
  }

  private slot(slot: ExpandedTerm[][]): Scored {
    if (slot.length === 1) return this.alternative(slot[0]);
    // Evaluated before merging: evaluation itself uses the scratch arrays.
    const evaluated = slot.map((alternative) => this.alternative(alternative));
    const { scores, list } = this.scratch();
    let n = 0;
    for (const scored of evaluated) {
      for (let i = 0; i < scored.docs.length; i++) {
        const doc = scored.docs[i];
        if (scores[doc] === 0) list[n++] = doc;
        if (scored.scores[i] > scores[doc]) scores[doc] = scored.scores[i];
      }
    }
    return collect(scores, list, n);
  }

  private alternative(alternative: ExpandedTerm[]): Scored {
    let result: Scored | null = null;
    for (const term of alternative) {
      const scored = this.term(term);
      result = result ? this.intersect(result, scored) : scored;
      if (result.docs.length === 0) break;
    }
    return result ?? EMPTY;
  }

  private term({ terms, weights }: ExpandedTerm): Scored {
    const { postings } = this.index;
    const boosts = postings.weights!;
    if (terms.length === 0) return EMPTY;
    if (terms.length === 1) {
      // One posting list: already ascending, no merging needed.
      const from = postings.offsets[terms[0]];
      const docs = postings.list(terms[0]);
      const scores = new Float32Array(docs.length);
      for (let i = 0; i < docs.length; i++) scores[i] = weights[0] * boosts[from + i];
      return { docs, scores, ascending: true };
    }
    const { scores, list } = this.scratch();
    let n = 0;
    for (let t = 0; t < terms.length; t++) {
      const weight = weights[t];
      for (let k = postings.offsets[terms[t]]; k < postings.offsets[terms[t] + 1]; k++) {
        const doc = postings.docs[k];
        const score = weight * boosts[k];
        if (scores[doc] === 0) list[n++] = doc;
        if (score > scores[doc]) scores[doc] = score;
      }
    }
    return collect(scores, list, n);
  }

  /** Documents in both, in `a`'s order, scores summed. */
  private intersect(a: Scored, b: Scored): Scored {
    const { scores } = this.scratch();
    for (let i = 0; i < b.docs.length; i++) scores[b.docs[i]] = b.scores[i];
    const docs = new Uint32Array(Math.min(a.docs.length, b.docs.length));
    const summed = new Float32Array(docs.length);
    let n = 0;
    for (let i = 0; i < a.docs.length && n < docs.length; i++) {
      const score = scores[a.docs[i]];
      if (score === 0) continue;
      docs[n] = a.docs[i];
      summed[n++] = a.scores[i] + score;
    }
    for (let i = 0; i < b.docs.length; i++) scores[b.docs[i]] = 0;
    return { docs: docs.subarray(0, n), scores: summed.subarray(0, n), ascending: a.ascending };
  }
}

/** Copies the collected documents and their scores out of the scratch arrays, zeroing them. */
function collect(scores: Float32Array, list: Uint32Array, n: number): Scored {
  const docs = list.slice(0, n);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = scores[docs[i]];
    scores[docs[i]] = 0;
  }
  return { docs, scores: out, ascending: false };
}
