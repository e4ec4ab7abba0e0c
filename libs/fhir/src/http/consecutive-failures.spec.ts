import type { ServerResponse } from 'node:http';
import { sendJson, startTestHttpServer, type TestHttpServer } from '@pds/testing/http';
import { FhirClient } from '../fhir-client';
import { FhirFetchError } from '../fhir-fetch.error';
import { ConsecutiveFailures } from './consecutive-failures';

const failure = (reason: string) => new FhirFetchError('http-status', 'http://payer.example/fhir/Location', reason, true);

describe('ConsecutiveFailures', () => {
  it('pauses after N failures in a row, naming the last', () => {
    const health = new ConsecutiveFailures({ pauseAfter: 3 });
    health.recordFailure(failure('HTTP 500 Internal Server Error'));
    health.recordFailure(failure('HTTP 502 Bad Gateway'));

    const paused = (() => {
      try {
        health.recordFailure(failure('HTTP 503 Service Unavailable'));
      } catch (error) {
        return error;
      }
    })();

    expect(paused).toBeInstanceOf(FhirFetchError);
    expect(paused).toMatchObject({ failure: 'paused', retryable: false });
    expect((paused as Error).message).toContain('paused after 3 consecutive failures: last was HTTP 503 Service Unavailable');
    expect(health.paused).toBe(true);
  });

  it('stays paused: every later request fails at once until reset', () => {
    const health = new ConsecutiveFailures({ pauseAfter: 1 });
    expect(() => health.recordFailure(failure('HTTP 503'))).toThrow('paused after 1 consecutive failures');
    health.recordSuccess();

    expect(() => health.check('http://payer.example/fhir/Practitioner')).toThrow(
      expect.objectContaining({ failure: 'paused', url: 'http://payer.example/fhir/Practitioner' }),
    );
    health.reset();
    expect(() => health.check('http://payer.example/fhir/Practitioner')).not.toThrow();
    expect(health.failures).toBe(0);
  });

  it('starts counting again after a success', () => {
    const health = new ConsecutiveFailures({ pauseAfter: 3 });
    health.recordFailure(failure('HTTP 500'));
    health.recordFailure(failure('HTTP 500'));
    health.recordSuccess();
    health.recordFailure(failure('HTTP 500'));
    health.recordFailure(failure('HTTP 500'));
    expect(health.paused).toBe(false);
    expect(health.failures).toBe(2);
  });

  describe('guarding FhirClient', () => {
    let server: TestHttpServer | undefined;
    afterEach(() => server?.close());

    const unavailable = (res: ServerResponse) => res.writeHead(503).end();

    it('stops retrying after N failed requests in a row and refuses to send more', async () => {
      server = await startTestHttpServer((_req, res) => unavailable(res));
      const health = new ConsecutiveFailures({ pauseAfter: 5 });
      const client = new FhirClient({ allowPrivateTargets: true, timeoutMs: 5_000, retries: 3, backoffMs: 1, health });
      const url = `${server.origin}/fhir/Location`;

      const first = await client.getBundle(url).catch((e: unknown) => e);
      const second = await client.getBundle(url).catch((e: unknown) => e);
      const third = await client.getBundle(url).catch((e: unknown) => e);

      expect(first).toMatchObject({ failure: 'http-status', retryable: true, counters: { attempts: 4 } });
      expect(second).toMatchObject({ failure: 'paused', retryable: false, counters: { attempts: 1 } });
      expect((second as Error).message).toContain('paused after 5 consecutive failures: last was HTTP 503 Service Unavailable');
      expect(third).toMatchObject({ failure: 'paused', counters: { attempts: 0 } });
      expect(server.requests).toHaveLength(5);
    });

    it('does not pause a source whose failures are broken by answers', async () => {
      server = await startTestHttpServer((_req, res, n) => (n % 3 === 0 ? sendJson(res, { resourceType: 'Bundle' }) : unavailable(res)));
      const health = new ConsecutiveFailures({ pauseAfter: 3 });
      const client = new FhirClient({ allowPrivateTargets: true, timeoutMs: 5_000, retries: 2, backoffMs: 1, health });

      for (let i = 0; i < 4; i++) await client.getBundle(`${server.origin}/fhir/Location`);

      expect(server.requests).toHaveLength(12);
      expect(health.paused).toBe(false);
    });
  });
});
