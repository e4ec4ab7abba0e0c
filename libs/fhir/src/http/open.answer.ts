import { FhirFetchError } from '../fhir-fetch.error';
import type { ReleaseSlot } from './host.limiter';
import { type IdleTimeout, isTimeout } from './idle.timeout';
import type { RequestCounters } from './request.counters';

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

  /** Reads the whole body within the timeout, then closes. */
  async body(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks(false)) parts.push(Buffer.from(chunk));
    return Buffer.concat(parts);
  }

  /** Reads the body chunk by chunk; the timeout counts from the last chunk. Closes at the end. */
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

  private async *chunks(idle: boolean): AsyncGenerator<Uint8Array> {
    try {
      if (this.response.body === null) return;
      for await (const chunk of this.response.body) {
        this.counters.bytes += chunk.byteLength;
        if (idle) this.timeout.touch();
        yield chunk;
      }
    } catch (error) {
      throw this.bodyError(error, idle);
    } finally {
      this.close();
    }
  }

  private bodyError(error: unknown, idle: boolean): FhirFetchError {
    if (isTimeout(error)) {
      const reason = idle ? `no data for ${this.timeout.ms} ms` : `the answer did not complete within ${this.timeout.ms} ms`;
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
