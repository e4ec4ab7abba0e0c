import {
  endlessStream,
  gzipBomb,
  longLineNdjson,
  sendJson,
  startTestHttpServer,
  type TestHttpHandler,
  type TestHttpServer,
} from '@pds/testing/http';
import { FhirClient, type FhirClientOptions } from '../fhir-client';
import { FhirFetchError } from '../fhir-fetch.error';
import { Deadline } from './deadline';

const MB = 1024 * 1024;
const GB = 1024 * MB;

async function failure(work: Promise<unknown> | AsyncIterable<unknown>): Promise<FhirFetchError> {
  let error: unknown = null;
  try {
    if (Symbol.asyncIterator in work) for await (const _ of work);
    else await work;
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(FhirFetchError);
  return error as FhirFetchError;
}

describe('FhirClient answer limits against hostile servers', () => {
  let server: TestHttpServer | undefined;
  const client = (options: Partial<FhirClientOptions> = {}) =>
    new FhirClient({ allowPrivateTargets: true, timeoutMs: 5_000, retries: 1, backoffMs: 1, ...options });
  const serve = async (handler: TestHttpHandler): Promise<string> => {
    server = await startTestHttpServer(handler);
    return `${server.origin}/fhir/Location`;
  };
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('refuses a gzip bomb once its inflated size passes maxAnswerBytes, retries, then fails too-large', async () => {
    const url = await serve((_req, res) => gzipBomb(res, GB));

    const error = await failure(client({ maxAnswerBytes: MB }).getBundle(url));

    expect(error).toMatchObject({ failure: 'too-large', retryable: true });
    expect(error.reason).toBe('the answer is larger than 1 MB (maxAnswerMb), counted after decompression');
    expect(error.counters).toMatchObject({ attempts: 2, retries: 1 });
    // Each attempt stopped within a chunk of the cap instead of inflating the whole gigabyte.
    expect(error.counters!.bytes).toBeLessThan(2 * (MB + 256 * 1024));
  });

  it('refuses a gzip-bombed NDJSON download past maxDownloadBytes', async () => {
    const url = await serve((_req, res) => gzipBomb(res, GB, 'application/fhir+ndjson'));

    const error = await failure(client({ maxDownloadBytes: 2 * MB }).streamNdjson(url));

    expect(error).toMatchObject({ failure: 'too-large' });
    expect(error.reason).toBe('the download is larger than 2 MB (maxDownloadMb), counted after decompression');
  });

  it('refuses an NDJSON line of a gigabyte once it passes maxLineBytes, before holding it whole', async () => {
    const url = await serve((_req, res) => longLineNdjson(res, GB));

    const error = await failure(client({ maxLineBytes: MB }).streamNdjson(url));

    expect(error).toMatchObject({ failure: 'too-large' });
    expect(error.reason).toBe('line 1 of the NDJSON is longer than 1 MB');
  });

  it('ends an endless stream at maxDownloadMs, however steadily its data comes', async () => {
    const line = `${JSON.stringify({ resourceType: 'Location', id: 'l1' })}\n`;
    const url = await serve((_req, res) => endlessStream(res, line, 10));
    const started = Date.now();

    const error = await failure(client({ timeoutMs: 200, maxDownloadMs: 600 }).streamNdjson(url));

    expect(error).toMatchObject({ failure: 'timeout' });
    expect(error.reason).toBe('the download did not finish within 600 ms (maxDownloadMinutes)');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("stops waiting on a year's Retry-After when the run's deadline passes, without retrying", async () => {
    const url = await serve((_req, res) => res.writeHead(429, { 'Retry-After': String(365 * 24 * 3600) }).end());
    const deadline = new Deadline(Date.now() + 400, "the run's 1-minute limit (maxRunMinutes)");
    const started = Date.now();

    const error = await failure(client({ maxRetryAfterMs: 400 * 24 * 3600 * 1000, deadline }).getBundle(url));

    expect(error).toMatchObject({ failure: 'deadline', retryable: false });
    expect(error.reason).toBe("stopped: the run's 1-minute limit (maxRunMinutes) passed");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server!.requests).toHaveLength(1);
  });

  it('aborts a request in flight when the deadline passes', async () => {
    const url = await serve(() => undefined); // never answers
    const deadline = new Deadline(Date.now() + 300, "the run's 1-minute limit (maxRunMinutes)");

    const error = await failure(client({ deadline }).getBundle(url));

    expect(error).toMatchObject({ failure: 'deadline' });
  });

  it('still reads an answer within its limits', async () => {
    const url = await serve((_req, res) => sendJson(res, { resourceType: 'Bundle', type: 'searchset', entry: [] }));

    await expect(client({ maxAnswerBytes: 1024 }).getBundle(url)).resolves.toMatchObject({ attempts: 1 });
  });
});
