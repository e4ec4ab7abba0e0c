import { LRUCache } from 'lru-cache';
import type { ProviderDocument } from '../provider-document';

/**
 * How many parsed documents a generation keeps: about 6.5 KB of heap each at 100k (2.3 KB of
 * JSON), so at most ~55 MB, the order of the young generation the service runs with.
 */
export const PARSED_DOCUMENTS = 8192;

/**
 * The most recently returned documents of one generation, parsed and deep-frozen. Parsing a hit's
 * JSON was the largest cost of a search page after the geo scan (about 20 µs a document here), and
 * its short-lived objects, alive across the awaits of 16 concurrent requests, were promoted and
 * made up much of the API's garbage-collection time. A generation is immutable, so an entry
 * never goes stale; a new generation starts empty. Frozen: every hit shares the object, so a
 * caller changing it would change the next answer (callers copy, as toNode does).
 */
export class ParsedDocuments {
  private readonly recent: LRUCache<number, ProviderDocument>;

  constructor(
    private readonly json: (num: number) => string,
    capacity = PARSED_DOCUMENTS,
  ) {
    this.recent = new LRUCache({ max: capacity });
  }

  get(num: number): ProviderDocument {
    const kept = this.recent.get(num);
    if (kept) return kept;
    const document = deepFreeze(JSON.parse(this.json(num)) as ProviderDocument);
    this.recent.set(num, document);
    return document;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
