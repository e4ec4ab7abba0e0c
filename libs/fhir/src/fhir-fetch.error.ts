import type { RequestCounters } from './http/request-counters';

/** Why fetching a page from a FHIR source failed; `retryable` says whether trying again may help. */
export type FhirFetchFailure =
  | 'unreachable'
  | 'timeout'
  | 'http-status'
  /**
   * The server no longer knows the URL: 410 Gone, or 404 with an OperationOutcome, as servers that
   * page with opaque search ids answer once they forgot the search (HAPI after a restart or timeout).
   */
  | 'gone'
  | 'not-json'
  | 'not-bundle'
  | 'refused-link'
  /** The request would reach a loopback, private or link-local address (see `PrivateTargetError`). */
  | 'refused-target'
  /** An answer, or one NDJSON line, outgrew its cap (counted after decompression). */
  | 'too-large'
  /** The run's deadline passed. */
  | 'deadline'
  /** A crawl fetched more pages or resources than its source can have. */
  | 'over-limit'
  /** The pages ended before `Bundle.total` resources were seen. */
  | 'incomplete'
  /** The source failed too many requests in a row; the client stopped asking it. */
  | 'paused';

export interface FhirFetchErrorOptions {
  cause?: unknown;
  /** The wait the server asked for with Retry-After, in ms, when it gave one. */
  retryAfterMs?: number;
}

export class FhirFetchError extends Error {
  /** The message without the URL, short enough to quote in another message. */
  readonly reason: string;
  readonly retryAfterMs?: number;
  /** What the failed request cost; set by `FhirClient` when it gives up on the request. */
  counters?: RequestCounters;

  constructor(
    readonly failure: FhirFetchFailure,
    readonly url: string,
    message: string,
    readonly retryable: boolean,
    options: FhirFetchErrorOptions = {},
  ) {
    super(`${message} (${url})`, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'FhirFetchError';
    this.reason = message;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}
