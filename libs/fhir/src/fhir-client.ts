import { type Bundle, isBundle } from './fhir-bundle';
import { FhirFetchError } from './fhir-fetch.error';
import { parseNdjson } from './http/ndjson-parser';
import type { OpenAnswer } from './http/open-answer';
import { PoliteHttp, type PoliteHttpOptions } from './http/polite-http';
import { emptyRequestCounters, type RequestCounters } from './http/request-counters';

/** A source's own headers (an API key, say) and the one origin they may be sent to. */
export interface SourceHeaders {
  /** The source's origin, `https://payer.example`: a request anywhere else gets none of the headers. */
  origin: string;
  headers: Record<string, string>;
}

export interface FhirClientOptions extends PoliteHttpOptions {
  /** Sent with every request to the source's origin, never to another one; a call's own headers override them. */
  sourceHeaders?: SourceHeaders;
  /** Longest NDJSON line parsed (default 16 MB); a longer one fails the download `too-large`. */
  maxLineBytes?: number;
}

export interface RequestOptions {
  /** Headers for this call, over the client's own. */
  headers?: Record<string, string>;
  /**
   * False: the source's headers are left off even on its own origin, as a bulk export manifest
   * with `requiresAccessToken: false` asks for its files. Default true.
   */
  sourceHeaders?: boolean;
}

export interface HttpRequestOptions extends RequestOptions {
  /** Default GET. Only a GET follows redirects (same origin only); other methods get the 3xx. */
  method?: string;
}

export interface FetchedBundle extends RequestCounters {
  bundle: Bundle;
}

export interface FetchedJson extends RequestCounters {
  /** Parsed, not validated: the caller checks its shape. */
  json: unknown;
  /** The answer's headers, e.g. `Date` for the server's clock. */
  headers: Headers;
}

export interface HttpResponse extends RequestCounters {
  status: number;
  headers: Headers;
  body: string;
}

/** Lines of an NDJSON download, parsed; `counters` grows as it goes and is final once it ends. */
export interface NdjsonStream extends AsyncIterable<unknown> {
  readonly counters: RequestCounters;
}

const FHIR_JSON = 'application/fhir+json, application/json;q=0.9';
const FHIR_NDJSON = 'application/fhir+ndjson, application/ndjson;q=0.9';

/**
 * Talks to FHIR sources politely and fails with a reason a person can act on (`FhirFetchError`).
 * Every request waits its turn under its host's rate and concurrency limits, retryable failures
 * back off with full jitter, a 429/503 waits as long as Retry-After asks (within a cap), and every
 * result, or error, carries what it cost (`RequestCounters`).
 */
export class FhirClient {
  private readonly http: PoliteHttp;

  constructor(private readonly options: FhirClientOptions) {
    this.http = new PoliteHttp(options);
  }

  /** GETs a FHIR Bundle (a search page). Not JSON is retried; JSON that is no Bundle fails `not-bundle`. */
  async getBundle(url: string, options: RequestOptions = {}): Promise<FetchedBundle> {
    const counters = emptyRequestCounters();
    const bundle = await this.http.send(url, this.get(url, options, FHIR_JSON), counters, async (answer) => {
      const json = parseJson(await okBody(answer), url);
      if (isBundle(json)) return json;
      const type = (json as { resourceType?: unknown } | null)?.resourceType;
      const got = typeof type === 'string' ? `a ${type}` : 'JSON that is not a FHIR resource';
      throw new FhirFetchError('not-bundle', url, `expected a FHIR Bundle, got ${got}`, false);
    });
    return { bundle, ...counters };
  }

  /** GETs any JSON answer (a CapabilityStatement, a bulk export manifest) with its headers. */
  async getJson(url: string, options: RequestOptions = {}): Promise<FetchedJson> {
    const counters = emptyRequestCounters();
    const { json, headers } = await this.http.send(url, this.get(url, options, FHIR_JSON), counters, async (answer) => ({
      json: parseJson(await okBody(answer), url),
      headers: answer.headers,
    }));
    return { json, headers, ...counters };
  }

  /**
   * Sends a request and returns the status the server settles on: 202 and Content-Location of a
   * `$export` kick-off, 202 and X-Progress of its polling, 200 and the manifest, the answer to the
   * DELETE that cancels it, a 404. Only 5xx, 429, 408 and network failures are retried.
   */
  async request(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    const counters = emptyRequestCounters();
    const init = { method: (options.method ?? 'GET').toUpperCase(), headers: this.headers(url, options, FHIR_JSON) };
    const { status, headers, body } = await this.http.send(url, init, counters, async (answer) => ({
      status: answer.status,
      headers: answer.headers,
      body: (await answer.body()).toString('utf8'),
    }));
    return { status, headers, body, ...counters };
  }

  /**
   * Streams an NDJSON file (a bulk export output), yielding each line parsed as it arrives; the
   * timeout counts from the last chunk, so a long download goes on while data keeps coming, up
   * to `maxDownloadMs` and `maxDownloadBytes` in all and `maxLineBytes` a line. The
   * request is retried until its body starts; a failure after that ends the stream with an error.
   * The download holds one of the host's concurrency slots until it ends or is abandoned; each
   * iteration downloads the file anew.
   */
  streamNdjson(url: string, options: RequestOptions = {}): NdjsonStream {
    const counters = emptyRequestCounters();
    const init = this.get(url, options, FHIR_NDJSON);
    const http = this.http;
    const maxLineBytes = this.options.maxLineBytes;
    async function* lines(): AsyncGenerator<unknown> {
      const answer = await http.send(url, init, counters, async (opened) => {
        if (opened.status >= 200 && opened.status < 300) return opened;
        await opened.body();
        throw new FhirFetchError('http-status', url, opened.statusLine, false);
      });
      yield* parseNdjson(answer.stream(), answer.url, maxLineBytes);
    }
    return { counters, [Symbol.asyncIterator]: lines };
  }

  private get(url: string, options: RequestOptions, accept: string): { method: string; headers: Record<string, string> } {
    return { method: 'GET', headers: this.headers(url, options, accept) };
  }

  /** Redirects stay within the request's origin, so the origin of `url` is where the headers go. */
  private headers(url: string, options: RequestOptions, accept: string): Record<string, string> {
    const source = this.options.sourceHeaders;
    const own = source && options.sourceHeaders !== false && new URL(url).origin === source.origin ? source.headers : {};
    return { accept, ...own, ...options.headers };
  }
}

/** The body of a 2xx answer; any other status that reached here will not change on a retry. */
async function okBody(answer: OpenAnswer): Promise<Buffer> {
  const body = await answer.body();
  if (answer.status >= 200 && answer.status < 300) return body;
  if (answer.status === 410 || (answer.status === 404 && isOperationOutcome(body))) {
    throw new FhirFetchError('gone', answer.url, `${answer.statusLine}: the server no longer knows this URL`, false);
  }
  throw new FhirFetchError('http-status', answer.url, answer.statusLine, false);
}

/** A 404 with an OperationOutcome is the FHIR server's own answer; a bare 404 may be a wrong base URL. */
function isOperationOutcome(body: Buffer): boolean {
  try {
    return (JSON.parse(body.toString('utf8')) as { resourceType?: unknown } | null)?.resourceType === 'OperationOutcome';
  } catch {
    return false;
  }
}

function parseJson(body: Buffer, url: string): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    const looksHtml = /^\s*</.test(text);
    const reason = looksHtml ? 'the server answered with an HTML page, not FHIR JSON' : 'the answer is not valid JSON';
    throw new FhirFetchError('not-json', url, reason, true);
  }
}
