import type { Synonyms } from '../synonyms/synonyms';
import type { Match, Scratch } from './scratch';
import type { TextIndex } from './text.index';
import { type Alternative, parseQuery, type QueryTerm, type Slot } from './text.query';

/** Documents with a relevance score each; `docs` ascend only when `ascending` says so. */
interface Scored {
  docs: Uint32Array;
  scores: Float32Array;
  ascending: boolean;
}

const EMPTY: Scored = { docs: new Uint32Array(0), scores: new Float32Array(0), ascending: true };

/**
 * Evaluates query text: slots AND-ed (scores summed), alternatives OR-ed (best score kept),
 * a term's score being the best of (match weight x field boost) over the dictionary terms
 * it matches. Set operations run on the shared per-document score array, so each costs
 * the sizes of its inputs, not the size of the index.
 */
export class TextMatcher {
  constructor(
    private readonly index: TextIndex,
    private readonly synonyms: Synonyms,
    private readonly scratch: () => Scratch,
  ) {}

  /** The documents matching `text`, scored; null when the text holds no term. */
  match(text: string | undefined): Match | null {
    const slots = text ? parseQuery(text, this.synonyms) : [];
    if (slots.length === 0) return null;
    let result: Scored | null = null;
    for (const slot of slots) {
      const scored = this.slot(slot);
      result = result ? this.intersect(result, scored) : scored;
      if (result.docs.length === 0) break;
    }
    return { nums: result!.docs, scores: result!.scores, distances: null, ascending: result!.ascending };
  }

  private slot(slot: Slot): Scored {
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

  private alternative(alternative: Alternative): Scored {
    let result: Scored | null = null;
    for (const term of alternative) {
      const scored = this.term(term);
      result = result ? this.intersect(result, scored) : scored;
      if (result.docs.length === 0) break;
    }
    return result ?? EMPTY;
  }

  private term(term: QueryTerm): Scored {
    const { terms, weights } = this.index.expand(term.text, term.prefix, term.typos);
    const { postings } = this.index;
    const boosts = postings.weights!;
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
