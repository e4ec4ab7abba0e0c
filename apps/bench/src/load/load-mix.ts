import type { SeededRandom } from '@pds/generator';
import { type BenchQuery, QUERY_CLASSES, type QueryClass, toGraphqlBody } from '../bench-query';
import { type SuggestQuery, toSuggestBody } from '../suggest-queries';

export const LOAD_CLASSES = [...QUERY_CLASSES, 'Q6'] as const;
export type LoadClass = (typeof LOAD_CLASSES)[number];

/**
 * Shares of the mix, in percent: a widget's traffic is mostly "near me + specialty" and type-ahead,
 * with some text, faceted and paged searches. Q4 pages by cursor (first page, then the next).
 */
export const LOAD_SHARES: Record<LoadClass, number> = { Q1: 25, Q2: 10, Q3: 10, Q4: 15, Q5: 10, Q6: 20, Q7: 10 };

/** A request of the mix: its body, and the query to page through when its answer has a next page. */
export interface MixRequest {
  class: LoadClass;
  body: string;
  pages: BenchQuery | null;
}

/**
 * Draws the load's requests from the bench's sampled queries (different origins, specialties,
 * networks, typed prefixes): each request is a class drawn by its share, then one of its queries.
 */
export class LoadMix {
  private readonly cumulative: [LoadClass, number][];

  constructor(
    private readonly queries: Record<QueryClass, readonly BenchQuery[]>,
    private readonly suggestions: readonly SuggestQuery[],
    private readonly random: SeededRandom,
  ) {
    let sum = 0;
    this.cumulative = LOAD_CLASSES.map((name) => [name, (sum += LOAD_SHARES[name])]);
    for (const name of QUERY_CLASSES) if (queries[name].length === 0) throw new Error(`the mix has no ${name} queries`);
    if (suggestions.length === 0) throw new Error('the mix has no Q6 suggestions');
  }

  next(): MixRequest {
    const draw = this.random.next() * this.cumulative[this.cumulative.length - 1][1];
    const name = this.cumulative.find(([, upTo]) => draw < upTo)![0];
    if (name === 'Q6') return { class: name, body: toSuggestBody(this.random.pick(this.suggestions)), pages: null };
    const query = this.random.pick(this.queries[name]);
    if (name === 'Q4') return { class: name, body: toGraphqlBody({ ...query, offset: 0 }, { after: null }), pages: query };
    return { class: name, body: toGraphqlBody(query), pages: null };
  }

  /** The page after `after` of a paged query. */
  nextPage(query: BenchQuery, after: string): string {
    return toGraphqlBody({ ...query, offset: 0 }, { after });
  }
}

/** The endCursor of an answer that has a next page, read without parsing the whole body. */
export function nextPageCursor(body: string): string | null {
  if (!body.includes('"hasNextPage":true')) return null;
  return /"endCursor":"([^"]+)"/.exec(body)?.[1] ?? null;
}

/** A 200 answer can still be a failure: GraphQL reports errors in the body. */
export function hasGraphqlErrors(body: string): boolean {
  return body.startsWith('{"errors"') || body.includes('"errors":[');
}
