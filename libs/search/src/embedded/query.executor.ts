import type { SearchHit, SearchQuery, SearchResult } from '../search-query';
import { countFacets } from './facet.counter';
import type { IndexGeneration } from './index.generation';
import { type PostingList, toBitset } from './posting-list.ops';
import { TextIndex } from './text.index';
import { validateQuery } from './query.validation';

/** The whole match before ordering; `nums` null means every document, in number order. */
interface Match {
  nums: Uint32Array | null;
  /** Parallel to `nums`; present when the query has text. */
  scores: Float64Array | null;
  /** Parallel to `nums`; present when the query has `near`. */
  distances: Float64Array | null;
}

/**
 * Answers a query against one generation, synchronously, so it can never observe a
 * generation swap half way. Plan: filters (posting-list intersection) → text → geo → order.
 */
export function executeQuery(generation: IndexGeneration, query: SearchQuery): SearchResult {
  validateQuery(query);
  const match = findMatch(generation, query);
  const total = match.nums ? match.nums.length : generation.documents.length;
  const page = orderPage(match, total, query);
  const hits: SearchHit[] = Array.from(page, (i) => ({
    document: generation.documents[match.nums ? match.nums[i] : i],
    distanceKm: match.distances ? match.distances[i] : null,
  }));
  let facets: SearchResult['facets'] = {};
  if (query.facets?.length) {
    facets = match.nums ? countFacets(generation.documents, match.nums, query.facets) : generation.facetsForAll(query.facets);
  }
  return { total, hits, facets };
}

function findMatch(generation: IndexGeneration, query: SearchQuery): Match {
  const filtered = generation.filters.match(query.filters);
  const textual = TextIndex.isBlank(query.text) ? null : textMatch(generation, query.text ?? '', filtered);
  if (!query.near) return textual ?? { nums: filtered, scores: null, distances: null };
  const near = generation.geo.within(query.near, textual ? textual.nums : filtered);
  let scores: Float64Array | null = null;
  if (textual) {
    const scoreOf = new Map<number, number>();
    textual.nums.forEach((num, i) => scoreOf.set(num, textual.scores[i]));
    scores = Float64Array.from(near.nums, (num) => scoreOf.get(num) ?? 0);
  }
  return { nums: near.nums, scores, distances: near.distances };
}

function textMatch(generation: IndexGeneration, text: string, filtered: PostingList | null) {
  const found = generation.text.search(text);
  const accept = filtered ? toBitset(filtered, generation.documents.length) : null;
  const nums: number[] = [];
  const scores: number[] = [];
  found.ids.forEach((id, i) => {
    const num = generation.numById.get(id);
    if (num === undefined || (accept && accept[num] === 0)) return;
    nums.push(num);
    scores.push(found.scores[i]);
  });
  return { nums: Uint32Array.from(nums), scores: Float64Array.from(scores), distances: null };
}

/** Positions (into the match) of the requested page, in the query's order. */
function orderPage(match: Match, total: number, query: SearchQuery): ArrayLike<number> {
  const end = Math.min(total, query.offset + query.limit);
  if (query.offset >= end) return [];
  const { nums, scores, distances } = match;
  // Ascending document numbers are id order: the no-text, no-near order needs no sort.
  if (!distances && !scores) return everyNumber(end).subarray(query.offset);
  const num = (i: number): number => (nums ? nums[i] : i);
  const byDistance = (a: number, b: number): number => (distances ? distances[a] - distances[b] : 0);
  const compare =
    query.sort === 'relevance' && scores
      ? (a: number, b: number) => scores[b] - scores[a] || byDistance(a, b) || num(a) - num(b)
      : (a: number, b: number) => byDistance(a, b) || num(a) - num(b);
  return everyNumber(total).sort(compare).subarray(query.offset, end);
}

function everyNumber(count: number): Uint32Array {
  const all = new Uint32Array(count);
  for (let i = 0; i < count; i++) all[i] = i;
  return all;
}
