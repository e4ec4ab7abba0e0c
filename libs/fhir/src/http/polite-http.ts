import { fetch } from 'undici';
import { FhirFetchError } from '../fhir-fetch.error';
import { fullJitterBackoff, sleepUntil } from './backoff-policy';
import type { ConsecutiveFailures } from './consecutive-failures';
import type { Deadline } from './deadline';
import { hostLimiters, type HostLimiterRegistry } from './host-limiter-registry';
import type { HostLimiter, HostLimits } from './host-limiter';
import { IdleTimeout, isTimeout } from './idle-timeout';
import { type AnswerLimits, describeCause, OpenAnswer } from './open-answer';
import type { PageSizeGovernor } from './page-size-governor';
import { MAX_REDIRECTS, redirectTarget } from './redirect-policy';
import type { RequestCounters } from './request-counters';
import { parseRetryAfter } from './retry-after-parser';
import { assertPublicLiteral, PrivateTargetError, publicOnlyDispatcher } from './target.guard';

export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024;
export const DEFAULT_MAX_DOWNLOAD_MS = 60 * 60_000;

export interface PoliteHttpOptions {
  /** Per attempt: the whole answer for reads, the longest silence for streamed bodies. */
  timeoutMs: number;
  /** Extra attempts after a retryable failure (5xx, 429, 408, timeout, reset, unreadable answer). */
  retries: number;
  /** Base of the exponential backoff between attempts (default 500 ms); tests set it low. */
  backoffMs?: number;
  /** Longest backoff between two attempts (default 30 s). */
  maxBackoffMs?: number;
  /** Longest Retry-After wait honoured (default 120 s); a longer one fails the request at once. */
  maxRetryAfterMs?: number;
  /** Request starts per second to the host (default: no limit); shared by every client of the host. */
  requestsPerSecond?: number;
  /** Requests in flight to the host (default: no limit); shared by every client of the host. */
  concurrency?: number;
  /** The source's circuit: after its limit of failed requests in a row, requests fail as `paused`. */
  health?: ConsecutiveFailures;
  /** Told of every timeout and answer, so the crawler's `_count` shrinks on a struggling source. */
  governor?: PageSizeGovernor;
  /** Where host limiters live (default: the process-wide registry). */
  limiters?: HostLimiterRegistry;
  /**
   * False: every request (redirects included) may only connect to public addresses, checked on
   * the addresses DNS gives for the connection. True for operator-given sources and tests on loopback.
   */
  allowPrivateTargets: boolean;
  /** Cap of an answer read whole, counted after decompression (default 64 MB). */
  maxAnswerBytes?: number;
  /** Cap of a streamed NDJSON download, counted after decompression (default 4 GB). */
  maxDownloadBytes?: number;
  /** Longest one download may take however steadily data comes (default 60 min). */
  maxDownloadMs?: number;
  /** The run's deadline: requests are aborted and waits cut short when it passes. */
  deadline?: Deadline;
}

export interface SendInit {
  method: string;
  headers: Record<string, string>;
}

/**
 * The transport under `FhirClient`: each attempt waits its turn under the host's limits, follows
 * same-origin redirects of GETs, and is retried on 5xx, 429, 408, timeouts and resets (backoff with
 * full jitter, or the Retry-After of a 429/503 within a cap) until the source's circuit opens.
 */
export class PoliteHttp {
  private readonly limits: HostLimits;
  private readonly answerLimits: AnswerLimits;

  constructor(private readonly options: PoliteHttpOptions) {
    this.limits = {
      requestsPerSecond: options.requestsPerSecond ?? Number.POSITIVE_INFINITY,
      concurrency: options.concurrency ?? Number.POSITIVE_INFINITY,
    };
    this.answerLimits = {
      maxBytes: options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
      maxStreamBytes: options.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES,
      deadline: options.deadline,
    };
  }

  /**
   * Sends until `read` accepts an answer: a retryable `FhirFetchError` from `read` (a body that
   * is not JSON, say) counts as a failed attempt too. `read` must read or close the answer, or hand
   * it on to whoever will. Whatever this throws carries the request's `counters`.
   */
  async send<T>(url: string, init: SendInit, counters: RequestCounters, read: (answer: OpenAnswer) => Promise<T>): Promise<T> {
    const { health, governor, deadline } = this.options;
    try {
      for (let retry = 1; ; retry++) {
        deadline?.check(url);
        health?.check(url);
        try {
          const answer = await this.attempt(url, init, counters);
          let result: T;
          try {
            result = await read(answer);
          } catch (error) {
            answer.close();
            throw error;
          }
          governor?.recordAnswer();
          health?.recordSuccess();
          return result;
        } catch (error) {
          if (!(error instanceof FhirFetchError)) throw error;
          if (error.failure === 'timeout') governor?.recordTimeout();
          else if (error.failure !== 'unreachable') governor?.recordAnswer();
          if (!error.retryable) {
            health?.recordSuccess(); // a definite answer: the source is up
            throw error;
          }
          health?.recordFailure(error);
          const wait = this.waitBeforeRetry(error, retry);
          if (retry > this.options.retries) throw error;
          // The host asked everyone to wait, not only this request.
          if (error.retryAfterMs !== undefined) this.limiter(url).pauseUntil(Date.now() + wait);
          counters.retries++;
          if (deadline) await deadline.sleep(wait, url);
          else await sleepUntil(Date.now() + wait);
        }
      }
    } catch (error) {
      if (error instanceof FhirFetchError) error.counters = { ...counters };
      throw error;
    }
  }

  /** One attempt: the request and the same-origin redirects of a GET, each hop under the host's limits. */
  private async attempt(url: string, init: SendInit, counters: RequestCounters): Promise<OpenAnswer> {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const answer = await this.open(current, init, counters);
      if (answer.status === 429) counters.throttled++;
      const next = init.method === 'GET' ? redirectTarget(current, answer.status, answer.headers.get('location')) : null;
      if (next === null && !isRetryableStatus(answer.status)) return answer;
      await answer.body(); // small, but counted; reading it also gives the slot back
      if (next === null) throw retryableStatusError(answer);
      if (redirects === MAX_REDIRECTS) throw new FhirFetchError('refused-link', url, `more than ${MAX_REDIRECTS} redirects`, false);
      current = next;
    }
  }

  private async open(url: string, init: SendInit, counters: RequestCounters): Promise<OpenAnswer> {
    const { allowPrivateTargets, deadline } = this.options;
    if (!allowPrivateTargets) refusePrivateLiteral(url);
    const release = await this.limiter(url).acquire();
    counters.attempts++;
    const timeout = new IdleTimeout(this.options.timeoutMs, this.options.maxDownloadMs ?? DEFAULT_MAX_DOWNLOAD_MS, deadline?.signal);
    try {
      const dispatcher = allowPrivateTargets ? {} : { dispatcher: publicOnlyDispatcher };
      const response = await fetch(url, { ...init, signal: timeout.signal, redirect: 'manual', ...dispatcher });
      return new OpenAnswer(url, response, timeout, release, counters, this.answerLimits);
    } catch (error) {
      timeout.clear();
      release();
      if (deadline?.passed) throw deadline.error(url);
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof PrivateTargetError) throw new FhirFetchError('refused-target', url, cause.message, false, { cause });
      if (isTimeout(error)) throw new FhirFetchError('timeout', url, `no answer within ${timeout.ms} ms`, true, { cause: error });
      throw new FhirFetchError('unreachable', url, `cannot reach the server: ${describeCause(error)}`, true, { cause: error });
    }
  }

  /** The Retry-After the server asked for, else the backoff; throws when the server asks too much. */
  private waitBeforeRetry(error: FhirFetchError, retry: number): number {
    const maxRetryAfterMs = this.options.maxRetryAfterMs ?? 120_000;
    if (error.retryAfterMs === undefined) {
      return fullJitterBackoff(retry, this.options.backoffMs ?? 500, this.options.maxBackoffMs ?? 30_000);
    }
    if (error.retryAfterMs <= maxRetryAfterMs) return error.retryAfterMs;
    const asked = Math.ceil(error.retryAfterMs / 1000);
    const reason = `${error.reason}: the server asks to wait ${asked} s (Retry-After), longer than the ${maxRetryAfterMs / 1000} s this client waits`;
    throw new FhirFetchError(error.failure, error.url, reason, false, { cause: error, retryAfterMs: error.retryAfterMs });
  }

  private limiter(url: string): HostLimiter {
    return (this.options.limiters ?? hostLimiters).forUrl(url, this.limits);
  }
}

function refusePrivateLiteral(url: string): void {
  try {
    assertPublicLiteral(url);
  } catch (error) {
    if (error instanceof PrivateTargetError) throw new FhirFetchError('refused-target', url, error.message, false);
    throw error;
  }
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** A 5xx, 429 or 408, with the wait a 429 or 503 asked for in Retry-After. */
function retryableStatusError(answer: OpenAnswer): FhirFetchError {
  const { status } = answer;
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(answer.headers.get('retry-after')) : null;
  return new FhirFetchError('http-status', answer.url, answer.statusLine, true, retryAfterMs === null ? {} : { retryAfterMs });
}
