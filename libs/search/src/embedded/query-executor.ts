import { validateQuery } from '../query-validation';
import type { SearchHit, SearchQuery, SearchResult } from '../search-query';
import type { GeoConstraint } from './geo-index';
import type { IndexGeneration } from './index-generation';
import type { PostingList } from './posting-list-ops';
import { rankOrder, topPositions } from './ranking';
import type { Match } from './scratch';
import type { TextPlan } from './text-matcher';

/**
 * Answers a query against one generation, synchronously, so it can never observe a
 * generation swap half way. Plan: filters (posting lists) -> text -> geo -> facets -> page.
 */
export function executeQuery(generation: IndexGeneration, query: SearchQuery): SearchResult {
  validateQuery(query);
  const filters = generation.filters.match(query.filters);
  const text = generation.text.plan(query.text);
  // Broad filters test the candidates that the rest leaves; alone, their list is the match.
  const narrowed = filters.list !== null || text !== null || query.near !== undefined || query.boundingBox !== undefined;
  const filtered = narrowed ? filters.list : filters.broadList;
  const broad = narrowed ? filters.broad : [];
  const typeAhead = text && !filtered && broad.length === 0 ? prefixPage(generation, text, query) : null;
  if (typeAhead) return typeAhead;
  const match = keepMembers(findMatch(generation, query, filtered, text), broad);
  const facets = query.facets?.length ? generation.facets.count(match.nums, query.facets) : {};
  if (query.groupByProvider) return { ...groupedPage(generation, match, query), facets };
  const total = match.nums ? match.nums.length : generation.count;
  const hits = Array.from(pagePositions(match, total, query), (position) => hit(generation, match, position));
  return { total, hits, facets };
}

/**
 * Text is evaluated first, as a whole, when its postings are few next to what the filters
 * and the area leave; otherwise filters and area go first and the text only scores what they
 * left (a common word near a point reads its postings once instead of scoring every match).
 */
function findMatch(generation: IndexGeneration, query: SearchQuery, filtered: PostingList | null, text: TextPlan | null): Match {
  const where: GeoConstraint | null = query.near || query.boundingBox ? { near: query.near, box: query.boundingBox } : null;
  const all: Match = { nums: filtered, scores: null, distances: null, ascending: true };
  if (!text) return where ? generation.geo.within(all, where) : all;
  let candidates = filtered ? filtered.length : generation.count;
  if (where) candidates = Math.min(candidates, generation.geo.estimate(where));
  if ((!filtered && !where) || text.postings <= candidates * TEXT_FIRST_RATIO) {
    const scored = generation.text.match(text);
    const match = filtered ? restrict(generation, scored, filtered) : scored;
    return where ? generation.geo.within(match, where) : match;
  }
  if (!where) return generation.text.matchWithin(text, all);
  // The exact circle and its distances only for what the text leaves.
  const scored = generation.text.matchWithin(text, filtered && filtered.length <= candidates ? all : generation.geo.boxed(all, where));
  return generation.geo.within(scored, where);
}

/** The match's documents that every membership table admits, scores and distances kept. */
function keepMembers(match: Match, tables: readonly Uint8Array[]): Match {
  if (tables.length === 0) return match;
  const nums = match.nums!;
  const keep = new Uint32Array(nums.length);
  let n = 0;
  for (let i = 0; i < nums.length; i++) if (tables.every((table) => table[nums[i]] === 1)) keep[n++] = i;
  if (n === nums.length) return match;
  const pick = <T extends Float32Array | Float64Array | Uint32Array>(values: T | null): T | null => {
    if (!values) return null;
    const out = new (values.constructor as { new (length: number): T })(n);
    for (let i = 0; i < n; i++) out[i] = values[keep[i]];
    return out;
  };
  return { nums: pick(nums), scores: pick(match.scores), distances: pick(match.distances), ascending: match.ascending };
}

/** Text postings per candidate left by filters and area up to which the text is evaluated first. */
const TEXT_FIRST_RATIO = 2;

/**
 * A lone short prefix (type-ahead) with no filter, area, facets or grouping, sorted by
 * relevance: its page and total are precomputed (see PrefixTops), when the page lies
 * within what was kept.
 */
function prefixPage(generation: IndexGeneration, text: TextPlan, query: SearchQuery): SearchResult | null {
  if (query.near || query.boundingBox || query.facets?.length || query.groupByProvider || query.sort !== 'relevance') return null;
  const answer = generation.text.prefixAnswer(text);
  if (!answer) return null;
  const end = Math.min(answer.count, query.offset + query.limit);
  if (end > answer.docs.length) return null;
  const hits: SearchHit[] = [];
  for (let position = query.offset; position < end; position++) hits.push({ document: generation.document(answer.docs[position]), distanceKm: null });
  return { total: answer.count, hits, facets: {} };
}

/** The text match's documents that are also in `allowed`, scores kept. */
function restrict(generation: IndexGeneration, text: Match, allowed: PostingList): Match {
  const nums = text.nums!;
  const { slots } = generation.scratch();
  for (let i = 0; i < allowed.length; i++) slots[allowed[i]] = 1;
  const keptNums = new Uint32Array(nums.length);
  const keptScores = new Float32Array(nums.length);
  let n = 0;
  for (let i = 0; i < nums.length; i++) {
    if (slots[nums[i]] === 0) continue;
    keptNums[n] = nums[i];
    keptScores[n++] = text.scores![i];
  }
  for (let i = 0; i < allowed.length; i++) slots[allowed[i]] = 0;
  return { nums: keptNums.subarray(0, n), scores: keptScores.subarray(0, n), distances: null, ascending: text.ascending };
}

/** Positions (into the match) of the requested page, in the query's order. */
function pagePositions(match: Match, total: number, query: SearchQuery): ArrayLike<number> {
  const end = Math.min(total, query.offset + query.limit);
  if (query.offset >= end) return [];
  // Ascending document numbers are id order: the order without text or distance needs no sort.
  if (!match.scores && !match.distances && match.ascending) {
    return Array.from({ length: end - query.offset }, (_, i) => query.offset + i);
  }
  return topPositions(total, end, rankOrder(match, query.sort)).subarray(query.offset);
}

function hit(generation: IndexGeneration, match: Match, position: number): SearchHit {
  const num = match.nums ? match.nums[position] : position;
  return { document: generation.document(num), distanceKm: match.distances ? match.distances[position] : null };
}

/**
 * One hit per provider, in order of each provider's best location, with its other matching
 * locations. The work is bounded by the page, not the match: providers are counted in one pass,
 * the page's providers come from a top-k of the ranking (k grows until the page is full), and
 * only the page's providers' locations are sorted. A full sort of the match costs what a forged
 * deep page or a broad query asks of it; this costs O(match) plus O(k log k).
 */
function groupedPage(generation: IndexGeneration, match: Match, query: SearchQuery): Pick<SearchResult, 'total' | 'hits'> {
  const total = match.nums ? match.nums.length : generation.count;
  const keyAt = (position: number) => generation.providerKey(match.nums ? match.nums[position] : position);
  const providers = new Set<number>();
  for (let position = 0; position < total; position++) providers.add(keyAt(position));
  const wanted = Math.min(query.offset + query.limit, providers.size);
  const before: (a: number, b: number) => boolean = match.nums ? rankOrder(match, query.sort) : (a, b) => a < b;
  const ranked = (k: number) => (match.nums ? topPositions(total, k, before) : Uint32Array.from({ length: Math.min(k, total) }, (_, i) => i));
  let order: number[] = [];
  for (let k = Math.max(wanted * GROUP_SCAN_FACTOR, GROUP_SCAN_MIN); order.length < wanted; k *= GROUP_SCAN_FACTOR) {
    const seen = new Set<number>();
    for (const position of ranked(k)) seen.add(keyAt(position));
    order = [...seen];
  }
  const page = order.slice(query.offset, query.offset + query.limit);
  const locations = new Map<number, number[]>(page.map((key) => [key, []]));
  for (let position = 0; position < total; position++) locations.get(keyAt(position))?.push(position);
  const hits = page.map((key) => {
    const [best, ...others] = locations.get(key)!.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return { ...hit(generation, match, best), otherLocations: others.map((position) => hit(generation, match, position)) };
  });
  return { total: providers.size, hits };
}

/** The first top-k of a grouped page ranks this many locations per wanted provider, and grows by as much. */
const GROUP_SCAN_FACTOR = 4;
const GROUP_SCAN_MIN = 64;
