import type { Headers, Response } from 'undici';
import { FhirFetchError } from '../fhir-fetch.error';
import type { Deadline } from './deadline';
import type { ReleaseSlot } from './host-limiter';
import { type IdleTimeout, isTimeout } from './idle-timeout';
import type { RequestCounters } from './request-counters';

/** How much of an answer is read before it is refused; counted after gzip or brotli is inflated. */
export interface AnswerLimits {
  /** An answer read whole (a page, a manifest, an error body). */
  maxBytes: number;
  /** A streamed download (an NDJSON file), which is parsed line by line, never held whole. */
  maxStreamBytes: number;
  /** The run's deadline, which turns an abort into a `deadline` failure. */
  deadline?: Deadline;
}

/**
 * An answer whose headers have arrived and whose body is still to read. It holds one of the
 * host's concurrency slots and its timeout until the body is read, broken off or `close()`d.
 */
export class OpenAnswer {
  private closed = false;

  constructor(
    /** The URL that answered: the request's, or where its redirects led. */
    readonly url: string,
    readonly response: Response,
    private readonly timeout: IdleTimeout,
    private readonly release: ReleaseSlot,
    private readonly counters: RequestCounters,
    private readonly limits: AnswerLimits,
  ) {}

  get status(): number {
    return this.response.status;
  }

  get headers(): Headers {
    return this.response.headers;
  }

  /** `HTTP 503 Service Unavailable`. */
  get statusLine(): string {
    return `HTTP ${this.response.status} ${this.response.statusText}`.trim();
  }

  /** Reads the whole body within the timeout and `maxBytes`, then closes. */
  async body(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks(false)) parts.push(Buffer.from(chunk));
    return Buffer.concat(parts);
  }

  /** Reads the body chunk by chunk within `maxStreamBytes`; the timeout counts from the last chunk. Closes at the end. */
  stream(): AsyncGenerator<Uint8Array> {
    return this.chunks(true);
  }

  /** Gives back the slot and stops the request; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timeout.abort();
    this.release();
  }

  private async *chunks(streamed: boolean): AsyncGenerator<Uint8Array> {
    const maxBytes = streamed ? this.limits.maxStreamBytes : this.limits.maxBytes;
    let read = 0;
    try {
      if (this.response.body === null) return;
      // fetch hands over the inflated body, so a small gzip bomb is counted at its real size.
      for await (const chunk of this.response.body) {
        this.counters.bytes += chunk.byteLength;
        read += chunk.byteLength;
        if (read > maxBytes) throw this.tooLarge(maxBytes, streamed);
        if (streamed) this.timeout.touch();
        yield chunk;
      }
    } catch (error) {
      throw this.bodyError(error, streamed);
    } finally {
      this.close();
    }
  }

  private tooLarge(maxBytes: number, streamed: boolean): FhirFetchError {
    const what = streamed ? 'the download' : 'the answer';
    const setting = streamed ? 'maxDownloadMb' : 'maxAnswerMb';
    return new FhirFetchError('too-large', this.url, `${what} is larger than ${formatBytes(maxBytes)} (${setting}), counted after decompression`, true);
  }

  private bodyError(error: unknown, streamed: boolean): FhirFetchError {
    if (error instanceof FhirFetchError) return error;
    if (this.limits.deadline?.passed) return this.limits.deadline.error(this.url);
    if (isTimeout(error)) {
      const reason =
        this.timeout.fired === 'overall'
          ? `the download did not finish within ${this.timeout.overallMs} ms (maxDownloadMinutes)`
          : streamed
            ? `no data for ${this.timeout.ms} ms`
            : `the answer did not complete within ${this.timeout.ms} ms`;
      return new FhirFetchError('timeout', this.url, reason, true, { cause: error });
    }
    const cause = describeCause(error);
    return new FhirFetchError('unreachable', this.url, `the connection broke mid-answer: ${cause}`, true, { cause: error });
  }
}

/** The most telling part of a fetch failure: the socket's error code when there is one. */
export function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** `64 MB`, `512 KB`: caps are set in whole units, so no fractions. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
