import { setTimeout as sleep } from 'node:timers/promises';
import { sendJson, startTestHttpServer, type TestHttpHandler, type TestHttpServer } from '@pds/testing/http';
import { FhirClient, type FhirClientOptions } from '../fhir-client';
import { FhirFetchError } from '../fhir-fetch.error';
import { HostLimiterRegistry } from './host-limiter-registry';

const bundle = { resourceType: 'Bundle', type: 'searchset', entry: [] };

/** Politeness is observed where it matters, at the server: arrival times on the server's clock. */
describe('FhirClient politeness, as the server sees it', () => {
  let server: TestHttpServer | undefined;
  let arrivals: number[];
  let limiters: HostLimiterRegistry;
  const client = (options: Partial<FhirClientOptions> = {}) =>
    new FhirClient({ allowPrivateTargets: true, timeoutMs: 5_000, retries: 3, backoffMs: 1, limiters, ...options });
  const serve = async (handler: TestHttpHandler): Promise<string> => {
    server = await startTestHttpServer((req, res, n) => {
      arrivals.push(Date.now());
      handler(req, res, n);
    });
    return `${server.origin}/fhir/Practitioner`;
  };

  beforeEach(() => {
    arrivals = [];
    limiters = new HostLimiterRegistry();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  describe('Retry-After on 429 and 503', () => {
    it.each([429, 503])('waits the delta-seconds a %i asks for before the retry', async (code) => {
      const url = await serve((_req, res, n) => (n === 1 ? res.writeHead(code, { 'Retry-After': '1' }).end() : sendJson(res, bundle)));

      const fetched = await client().getBundle(url);

      expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(1000);
      expect(fetched).toMatchObject({ attempts: 2, retries: 1, throttled: code === 429 ? 1 : 0 });
    });

    it('waits until the HTTP-date a 429 names', async () => {
      let askedFor = 0;
      const url = await serve((_req, res, n) => {
        if (n > 1) return sendJson(res, bundle);
        const date = new Date(Date.now() + 2000).toUTCString(); // whole seconds: 1 to 2 s from now
        askedFor = Date.parse(date);
        res.writeHead(429, { 'Retry-After': date }).end();
      });

      await client().getBundle(url);

      expect(arrivals[1]).toBeGreaterThanOrEqual(askedFor);
    });

    it('fails at once, saying why, when Retry-After asks for more than the maximum wait', async () => {
      const url = await serve((_req, res) => res.writeHead(503, { 'Retry-After': '3600' }).end());

      const error = await client({ maxRetryAfterMs: 60_000 }).getBundle(url).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(FhirFetchError);
      expect(error).toMatchObject({ failure: 'http-status', retryable: false, retryAfterMs: 3_600_000 });
      expect((error as FhirFetchError).message).toContain(
        'HTTP 503 Service Unavailable: the server asks to wait 3600 s (Retry-After), longer than the 60 s this client waits',
      );
      expect(arrivals).toHaveLength(1);
    });

    it('falls back to backoff when a 429 has no usable Retry-After', async () => {
      const url = await serve((_req, res, n) => (n === 1 ? res.writeHead(429, { 'Retry-After': 'soon' }).end() : sendJson(res, bundle)));

      await expect(client().getBundle(url)).resolves.toMatchObject({ attempts: 2, throttled: 1 });
    });

    it('holds the other requests to the host while it waits', async () => {
      const url = await serve((_req, res, n) => (n === 1 ? res.writeHead(429, { 'Retry-After': '1' }).end() : sendJson(res, bundle)));
      const throttled = client().getBundle(url);
      const host = limiters.forUrl(url, { requestsPerSecond: Infinity, concurrency: Infinity });
      while (host.pausedUntil === 0) await sleep(5); // the 429 has reached the client

      await Promise.all([throttled, client().getBundle(url), client().getBundle(url)]);

      expect(arrivals).toHaveLength(4);
      for (const later of arrivals.slice(1)) expect(later - arrivals[0]).toBeGreaterThanOrEqual(1000);
    });
  });

  describe('per-host limits shared by every client of the host', () => {
    /** A server answering each request after 30 ms, counting the most requests it held at once. */
    async function slowServer(): Promise<{ url: string; mostInFlight: () => number }> {
      let inFlight = 0;
      let most = 0;
      const url = await serve((_req, res) => {
        most = Math.max(most, ++inFlight);
        setTimeout(() => {
          inFlight--;
          sendJson(res, bundle);
        }, 30);
      });
      return { url, mostInFlight: () => most };
    }

    it('spreads 20 requests from two clients at 10 per second: at most ~10 in any second', async () => {
      const url = await serve((_req, res) => sendJson(res, bundle));
      const clients = [client({ requestsPerSecond: 10 }), client({ requestsPerSecond: 10 })];

      await Promise.all(Array.from({ length: 20 }, (_, i) => clients[i % 2].getBundle(url)));

      arrivals.sort((a, b) => a - b);
      // 11 arrivals within one second would mean a burst; the limiter spaces starts 100 ms apart.
      for (let i = 0; i + 10 < arrivals.length; i++) expect(arrivals[i + 10] - arrivals[i]).toBeGreaterThanOrEqual(900);
    });

    it('never has more than 2 requests in flight with concurrency 2', async () => {
      const { url, mostInFlight } = await slowServer();
      const clients = [client({ concurrency: 2 }), client({ concurrency: 2 }), client({ concurrency: 2 })];

      await Promise.all(Array.from({ length: 12 }, (_, i) => clients[i % 3].getBundle(url)));

      expect(arrivals).toHaveLength(12);
      expect(mostInFlight()).toBe(2);
    });

    it('lets the stricter limit win when two sources on one host ask for different ones', async () => {
      const { url, mostInFlight } = await slowServer();
      const loose = client({ concurrency: 8 });
      const strict = client({ concurrency: 1 });

      await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? strict : loose).getBundle(url)));

      expect(mostInFlight()).toBe(1);
    });
  });
});
