import type { ServerResponse } from 'node:http';
import { refusingUrl, sendJson, startTestHttpServer, type TestHttpHandler, type TestHttpServer } from '@pds/testing';
import { FhirClient, type FhirClientOptions } from './fhir.client';
import { FhirFetchError } from './fhir-fetch.error';

const bundle = { resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ resource: { resourceType: 'Practitioner', id: 'p1', name: [{ text: 'Zoë Nuñez' }] } }] };

const client = (options: Partial<FhirClientOptions> = {}) => new FhirClient({ timeoutMs: 5_000, retries: 3, backoffMs: 1, ...options });

/** The FhirFetchError `promise` rejects with; fails the test when it resolves or rejects otherwise. */
async function fetchError(promise: Promise<unknown>): Promise<FhirFetchError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FhirFetchError);
  return error as FhirFetchError;
}

/** Answers the n-th request (from 1) with `answers[n - 1]`, and every later one with the last. */
const inTurn =
  (...answers: ((res: ServerResponse) => void)[]): TestHttpHandler =>
  (_req, res, n) =>
    answers[Math.min(n, answers.length) - 1](res);

const status = (code: number) => (res: ServerResponse) => sendJson(res, { resourceType: 'OperationOutcome' }, code);
const ok = (res: ServerResponse) => sendJson(res, bundle);
const breakMidBody = (res: ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Length': '1000' });
  res.write('{"resourceType":"Bundle",', () => res.destroy());
};

describe('FhirClient.getBundle', () => {
  let server: TestHttpServer | undefined;
  const serve = async (handler: TestHttpHandler): Promise<string> => {
    server = await startTestHttpServer(handler);
    return `${server.origin}/fhir/Practitioner?_count=1`;
  };
  const requestCount = () => server?.requests.length;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('returns the Bundle with its size in bytes and the number of attempts', async () => {
    const body = JSON.stringify(bundle);
    const url = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(body));

    const fetched = await client().getBundle(url);

    expect(fetched).toEqual({ bundle, bytes: Buffer.byteLength(body), attempts: 1 });
    expect(fetched.bytes).toBeGreaterThan(body.length); // bytes, not UTF-16 code units
  });

  it('asks for FHIR JSON and sends the configured headers', async () => {
    let headers: Record<string, unknown> = {};
    const url = await serve((req, res) => {
      headers = req.headers;
      ok(res);
    });

    await client({ headers: { authorization: 'Bearer t0ken' } }).getBundle(url);

    expect(headers).toMatchObject({ accept: expect.stringContaining('application/fhir+json'), authorization: 'Bearer t0ken' });
  });

  it('fails with not-json, saying so, when the server answers an HTML page', async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html><body>Log in</body></html>'),
    );

    const error = await fetchError(client({ retries: 0 }).getBundle(url));

    expect(error).toMatchObject({ failure: 'not-json', url });
    expect(error.message).toContain('HTML page');
  });

  it('fails with not-bundle, without retrying, when the JSON is not a Bundle', async () => {
    const url = await serve((_req, res) => sendJson(res, { resourceType: 'OperationOutcome', issue: [] }));

    const error = await fetchError(client({ retries: 3 }).getBundle(url));

    expect(error).toMatchObject({ failure: 'not-bundle', retryable: false });
    expect(error.message).toContain('got a OperationOutcome');
    expect(requestCount()).toBe(1);
  });

  it.each([500, 503, 429, 408])('retries after HTTP %i and succeeds on the next attempt', async (code) => {
    const url = await serve(inTurn(status(code), ok));

    const fetched = await client({ retries: 3 }).getBundle(url);

    expect(fetched).toMatchObject({ bundle, attempts: 2 });
    expect(requestCount()).toBe(2);
  });

  it('gives up with http-status after the configured retries', async () => {
    const url = await serve(inTurn(status(500)));

    const error = await fetchError(client({ retries: 2 }).getBundle(url));

    expect(error).toMatchObject({ failure: 'http-status', retryable: true });
    expect(error.message).toContain('HTTP 500');
    expect(requestCount()).toBe(3);
  });

  it.each([404, 401, 400])('fails with http-status without retrying after HTTP %i', async (code) => {
    const url = await serve(inTurn(status(code), ok));

    const error = await fetchError(client({ retries: 3 }).getBundle(url));

    expect(error).toMatchObject({ failure: 'http-status', retryable: false });
    expect(error.message).toContain(`HTTP ${code}`);
    expect(requestCount()).toBe(1);
  });

  it('fails with unreachable when the connection is refused', async () => {
    const url = await refusingUrl();

    const error = await fetchError(client({ retries: 1 }).getBundle(url));

    expect(error).toMatchObject({ failure: 'unreachable', url });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('fails with timeout when the server never answers', async () => {
    const url = await serve(() => undefined);

    const error = await fetchError(client({ timeoutMs: 200, retries: 1 }).getBundle(url));

    expect(error).toMatchObject({ failure: 'timeout', retryable: true });
    expect(error.message).toContain('no answer within 200 ms');
    expect(requestCount()).toBe(2);
  });

  it('fails with timeout when the body stops coming', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      res.write('{"resourceType":"Bundle",');
    });

    const error = await fetchError(client({ timeoutMs: 200, retries: 0 }).getBundle(url));

    expect(error).toMatchObject({ failure: 'timeout', retryable: true });
    expect(error.message).toContain('did not complete within 200 ms');
  });

  it('retries when the connection breaks mid-body', async () => {
    const url = await serve(inTurn(breakMidBody, ok));

    const fetched = await client({ retries: 3 }).getBundle(url);

    expect(fetched).toMatchObject({ bundle, attempts: 2 });
    expect(requestCount()).toBe(2);
  });

  it('fails with unreachable when every answer breaks mid-body', async () => {
    const url = await serve(inTurn(breakMidBody));

    const error = await fetchError(client({ retries: 1 }).getBundle(url));

    expect(error).toMatchObject({ failure: 'unreachable', retryable: true });
    expect(error.message).toContain('broke mid-answer');
    expect(requestCount()).toBe(2);
  });
});
