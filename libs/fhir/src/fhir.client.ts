import { setTimeout as sleep } from 'node:timers/promises';
import { type Bundle, isBundle } from './fhir-bundle';
import { FhirFetchError } from './fhir-fetch.error';

export interface FhirClientOptions {
  timeoutMs: number;
  /** Extra attempts after a retryable failure (5xx, 429, timeout, reset). */
  retries: number;
  headers?: Record<string, string>;
  /** Base of the exponential backoff between attempts; tests set it low. */
  backoffMs?: number;
}

export interface FetchedBundle {
  bundle: Bundle;
  bytes: number;
  attempts: number;
}

/** Fetches FHIR Bundles over HTTP, failing with a reason a person can act on. */
export class FhirClient {
  constructor(private readonly options: FhirClientOptions) {}

  async getBundle(url: string): Promise<FetchedBundle> {
    const backoffMs = this.options.backoffMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        return { ...(await this.getOnce(url)), attempts: attempt };
      } catch (error) {
        const retryable = error instanceof FhirFetchError && error.retryable;
        if (!retryable || attempt > this.options.retries) throw error;
        // Full jitter keeps many workers from retrying a struggling server in lockstep.
        await sleep(Math.random() * backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private async getOnce(url: string): Promise<{ bundle: Bundle; bytes: number }> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/fhir+json, application/json;q=0.9', ...this.options.headers },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = isTimeout(error);
      throw new FhirFetchError(
        timedOut ? 'timeout' : 'unreachable',
        url,
        timedOut ? `no answer within ${this.options.timeoutMs} ms` : `cannot reach the server: ${describeCause(error)}`,
        true,
        { cause: error },
      );
    }
    const body = await readBody(response, url, this.options.timeoutMs);
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new FhirFetchError('http-status', url, `HTTP ${response.status} ${response.statusText}`.trim(), retryable);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      const looksHtml = /^\s*</.test(body);
      throw new FhirFetchError(
        'not-json',
        url,
        looksHtml ? 'the server answered with an HTML page, not FHIR JSON' : 'the answer is not valid JSON',
        true,
      );
    }
    if (!isBundle(parsed)) {
      const type = (parsed as { resourceType?: unknown } | null)?.resourceType;
      throw new FhirFetchError(
        'not-bundle',
        url,
        `expected a FHIR Bundle, got ${typeof type === 'string' ? `a ${type}` : 'JSON that is not a FHIR resource'}`,
        false,
      );
    }
    return { bundle: parsed, bytes: Buffer.byteLength(body) };
  }
}

async function readBody(response: Response, url: string, timeoutMs: number): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    // The timeout signal also covers the body: a server that stalls mid-answer timed out.
    if (isTimeout(error)) {
      throw new FhirFetchError('timeout', url, `the answer did not complete within ${timeoutMs} ms`, true, { cause: error });
    }
    throw new FhirFetchError('unreachable', url, `the connection broke mid-answer: ${describeCause(error)}`, true, {
      cause: error,
    });
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
