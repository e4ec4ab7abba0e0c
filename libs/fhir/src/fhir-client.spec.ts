import type { ServerResponse } from 'node:http';
import { refusingUrl, sendJson, startTestHttpServer, type TestHttpHandler, type TestHttpServer } from '@pds/testing/http';
import { FhirClient, type FhirClientOptions } from './fhir-client';
import { FhirFetchError } from './fhir-fetch.error';

const bundle = { resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ resource: { resourceType: 'Practitioner', id: 'p1', name: [{ text: 'Zoë Nuñez' }] } }] };

const client = (options: Partial<FhirClientOptions> = {}) => new FhirClient({ allowPrivateTargets: true, timeoutMs: 5_000, retries: 3, backoffMs: 1, ...options });

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

  it('returns the Bundle with what it cost: bytes, attempts, retries and 429s', async () => {
    const body = JSON.stringify(bundle);
    const url = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(body));

    const fetched = await client().getBundle(url);

    expect(fetched).toEqual({ bundle, bytes: Buffer.byteLength(body), attempts: 1, retries: 0, throttled: 0 });
    expect(fetched.bytes).toBeGreaterThan(body.length); // bytes, not UTF-16 code units
  });

  it("asks for FHIR JSON and sends the source's headers to its origin", async () => {
    let headers: Record<string, unknown> = {};
    const url = await serve((req, res) => {
      headers = req.headers;
      ok(res);
    });

    await client({ sourceHeaders: { origin: new URL(url).origin, headers: { authorization: 'Bearer t0ken' } } }).getBundle(url);

    expect(headers).toMatchObject({ accept: expect.stringContaining('application/fhir+json'), authorization: 'Bearer t0ken' });
  });

  it("never sends the source's headers to another origin", async () => {
    let headers: Record<string, unknown> = {};
    const url = await serve((req, res) => {
      headers = req.headers;
      ok(res);
    });
    const elsewhere = new URL(url);
    elsewhere.hostname = 'localhost'; // same server, another origin

    await client({ sourceHeaders: { origin: new URL(url).origin, headers: { authorization: 'Bearer t0ken' } } }).getBundle(elsewhere.toString());

    expect(headers.accept).toContain('application/fhir+json');
    expect(headers.authorization).toBeUndefined();
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

  it('fails with gone without retrying after a 404 with an OperationOutcome: the server forgot the URL', async () => {
    const url = await serve(inTurn(status(404), ok));

    const error = await fetchError(client({ retries: 3 }).getBundle(url));

    expect(error).toMatchObject({ failure: 'gone', retryable: false });
    expect(requestCount()).toBe(1);
  });

  it.each([401, 400])('fails with http-status without retrying after HTTP %i', async (code) => {
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

describe('FhirClient counters', () => {
  let server: TestHttpServer | undefined;
  afterEach(() => server?.close());

  it('counts every attempt, retry, 429 and byte of a request that succeeded', async () => {
    const bodies = ['{"resourceType":"OperationOutcome"}', 'Service Unavailable', JSON.stringify(bundle)];
    server = await startTestHttpServer(
      inTurn(
        (res) => res.writeHead(429, { 'Retry-After': '0' }).end(bodies[0]),
        (res) => res.writeHead(503).end(bodies[1]),
        (res) => res.writeHead(200).end(bodies[2]),
      ),
    );

    const fetched = await client().getBundle(`${server.origin}/fhir/Practitioner`);

    const bytes = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);
    expect(fetched).toMatchObject({ attempts: 3, retries: 2, throttled: 1, bytes });
  });

  it('puts the counters on the error of a request that failed', async () => {
    server = await startTestHttpServer(inTurn((res) => res.writeHead(429).end('slow down')));

    const error = await fetchError(client({ retries: 2 }).getBundle(`${server.origin}/fhir/Practitioner`));

    expect(error.counters).toEqual({ attempts: 3, retries: 2, throttled: 3, bytes: 3 * 'slow down'.length });
  });
});

describe('FhirClient redirects', () => {
  let server: TestHttpServer | undefined;
  afterEach(() => server?.close());

  const redirect = (location: string, code = 302) => (res: ServerResponse) => res.writeHead(code, { Location: location }).end();

  it('follows a redirect within the origin, relative or absolute', async () => {
    server = await startTestHttpServer((req, res) => {
      if (req.url === '/old/Practitioner') redirect('/mid/Practitioner', 301)(res);
      else if (req.url === '/mid/Practitioner') redirect(`${server?.origin}/fhir/Practitioner`, 307)(res);
      else ok(res);
    });

    const fetched = await client().getBundle(`${server.origin}/old/Practitioner`);

    expect(fetched).toMatchObject({ bundle, attempts: 3, retries: 0 });
    expect(server.requests).toEqual(['/old/Practitioner', '/mid/Practitioner', '/fhir/Practitioner']);
  });

  it('refuses a redirect to another origin without following or retrying it', async () => {
    server = await startTestHttpServer(inTurn(redirect('http://evil.example/fhir/Practitioner')));
    const url = `${server.origin}/fhir/Practitioner`;

    const error = await fetchError(client().getBundle(url));

    expect(error).toMatchObject({ failure: 'refused-link', retryable: false, url });
    expect(error.message).toContain('redirects to another origin, http://evil.example');
    expect(server.requests).toHaveLength(1);
  });

  it('names the https URL to configure when http redirects to https', async () => {
    server = await startTestHttpServer(inTurn(redirect('https://127.0.0.1/fhir/Practitioner', 301)));

    const error = await fetchError(client().getBundle(`${server.origin}/fhir/Practitioner`));

    expect(error).toMatchObject({ failure: 'refused-link' });
    expect(error.message).toContain("use https://127.0.0.1 in the source's base URL");
  });

  it('refuses a redirect loop after 5 redirects', async () => {
    server = await startTestHttpServer((req, res) => redirect(req.url === '/a' ? '/b' : '/a')(res));

    const error = await fetchError(client().getBundle(`${server.origin}/a`));

    expect(error).toMatchObject({ failure: 'refused-link', retryable: false });
    expect(error.message).toContain('more than 5 redirects');
    expect(server.requests).toHaveLength(6);
  });
});

describe('FhirClient.getJson and FhirClient.request', () => {
  let server: TestHttpServer | undefined;
  afterEach(() => server?.close());

  it('getJson returns any JSON with the headers, e.g. the server clock of a CapabilityStatement', async () => {
    const capabilities = { resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' };
    server = await startTestHttpServer(inTurn(status(502), (res) => sendJson(res, capabilities)));

    const fetched = await client().getJson(`${server.origin}/fhir/metadata`);

    expect(fetched).toMatchObject({ json: capabilities, attempts: 2, retries: 1 });
    expect(Number.isNaN(Date.parse(fetched.headers.get('date') ?? ''))).toBe(false);
  });

  it('getJson fails with not-json, retried, on an answer that is not JSON', async () => {
    server = await startTestHttpServer(inTurn((res) => res.writeHead(200).end('{"resourceType":')));

    const error = await fetchError(client({ retries: 1 }).getJson(`${server.origin}/fhir/metadata`));

    expect(error).toMatchObject({ failure: 'not-json', counters: { attempts: 2 } });
  });

  it('request returns a 202 kick-off with its Content-Location, after retrying a 500', async () => {
    const methods: string[] = [];
    server = await startTestHttpServer((req, res, n) => {
      methods.push(req.method ?? '');
      if (n === 1) status(500)(res);
      else res.writeHead(202, { 'Content-Location': `${server?.origin}/status/1` }).end();
    });

    const answer = await client().request(`${server.origin}/fhir/$export`, { headers: { prefer: 'respond-async' } });

    expect(answer).toMatchObject({ status: 202, body: '', attempts: 2, retries: 1 });
    expect(answer.headers.get('content-location')).toBe(`${server.origin}/status/1`);
    expect(methods).toEqual(['GET', 'GET']);
  });

  it('request sends other methods, returns 4xx as answers and does not follow their redirects', async () => {
    const methods: string[] = [];
    server = await startTestHttpServer((req, res, n) => {
      methods.push(req.method ?? '');
      if (n === 1) res.writeHead(303, { Location: '/elsewhere' }).end();
      else status(404)(res);
    });

    const cancelled = await client().request(`${server.origin}/status/1`, { method: 'delete' });
    const gone = await client().request(`${server.origin}/status/1`);

    expect(cancelled).toMatchObject({ status: 303, attempts: 1 });
    expect(gone).toMatchObject({ status: 404, attempts: 1, retries: 0, body: '{"resourceType":"OperationOutcome"}' });
    expect(methods).toEqual(['DELETE', 'GET']);
  });
});
