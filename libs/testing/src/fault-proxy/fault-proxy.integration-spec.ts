import { FhirClient, type FhirResource } from '@pds/fhir';
import { Agent, request } from 'undici';
import { startTestFhirServer, type TestFhirServer } from '../fhir-server/test-fhir-server';
import { startTestHttpServer, type TestHttpServer } from '../http/test-http-server';
import type { FaultKind, FaultPlan } from './fault-plan';
import { type FaultProxy, startFaultProxy } from './fault-proxy';

interface Page {
  resourceType: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { fullUrl: string; resource: FhirResource }[];
}

const practitioners: FhirResource[] = Array.from({ length: 5 }, (_, i) => ({ resourceType: 'Practitioner', id: `p${i + 1}` }));
const roles: FhirResource[] = [{ resourceType: 'PractitionerRole', id: 'r1' }];
const nextOf = (page: Page) => page.link?.find((l) => l.relation === 'next')?.url;

describe('startFaultProxy in front of the test FHIR server', () => {
  let fhir: TestFhirServer;
  let proxy: FaultProxy | undefined;
  const start = async (faults: FaultPlan, seed?: number): Promise<FaultProxy> => {
    proxy = await startFaultProxy({ target: fhir.baseUrl, faults, seed });
    return proxy;
  };
  const getPage = async (url: string): Promise<Page> => (await (await fetch(url)).json()) as Page;
  /** The first page of Practitioners, two a page, from the proxy with `kind` on the first request. */
  const firstPageWith = async (kind: FaultKind): Promise<Response> => {
    const { baseUrl } = await start({ at: { 1: kind } });
    return fetch(`${baseUrl}/Practitioner?_count=2`);
  };

  beforeAll(async () => {
    fhir = await startTestFhirServer({ resources: [...practitioners, ...roles] });
  }, 30_000);
  afterAll(() => fhir?.close());
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('passes answers through with the URLs in them pointing back through the proxy', async () => {
    const { baseUrl, stats } = await start({});
    const ids: string[] = [];

    for (let url: string | undefined = `${baseUrl}/Practitioner?_count=2`; url; ) {
      const page = await getPage(url);
      expect(page.total).toBe(5);
      for (const { fullUrl, resource } of page.entry ?? []) {
        expect(fullUrl).toBe(`${baseUrl}/Practitioner/${resource.id}`);
        ids.push(resource.id);
      }
      url = nextOf(page);
      if (url) expect(url.startsWith(`${baseUrl}/Practitioner?`)).toBe(true);
    }

    expect(ids.sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(stats.requests).toBe(3);
    expect(Object.values(stats.faults).every((n) => n === 0)).toBe(true);
    expect(fhir.requests.at(-1)).toBe('/fhir/Practitioner?_count=2&_offset=4');
  });

  it('pages with opaque _getpages tokens it forgets on restart, answering 410 or 404 with an OperationOutcome', async () => {
    const first = await startFaultProxy({ target: fhir.baseUrl, faults: {}, opaquePaging: {} });
    proxy = first;
    const ids: string[] = [];
    const links: string[] = [];
    for (let url: string | undefined = `${first.baseUrl}/Practitioner?_count=2`; url; ) {
      const page = await getPage(url);
      ids.push(...(page.entry ?? []).map(({ resource }) => resource.id));
      url = nextOf(page);
      if (url) links.push(url);
    }
    expect(ids.sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(links).toHaveLength(2);
    const token = new URL(links[0]).searchParams.get('_getpages');
    for (const link of links) expect(link).toMatch(new RegExp(`^${first.baseUrl}\\?_getpages=${token}&_getpagesoffset=\\d+&_count=2`));

    const port = new URL(first.baseUrl).port;
    await first.close();
    for (const expired of [410, 404] as const) {
      proxy = await startFaultProxy({ target: fhir.baseUrl, faults: {}, opaquePaging: { expired }, port: Number(port) });
      expect(proxy.baseUrl).toBe(first.baseUrl);
      // A new connection: fetch's pool may still hold one to the closed proxy.
      const dispatcher = new Agent();
      const answer = await request(links[1], { dispatcher });
      expect(answer.statusCode).toBe(expired);
      expect(((await answer.body.json()) as Page).resourceType).toBe('OperationOutcome');
      await dispatcher.close();
      await proxy.close();
    }
    proxy = undefined;
  });

  it.each([
    ['http-500', 500],
    ['http-502', 502],
    ['http-503', 503],
  ] as const)('answers %s without asking the server', async (kind, status) => {
    const before = fhir.requests.length;

    const response = await firstPageWith(kind);

    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(fhir.requests.length).toBe(before);
    expect(proxy?.stats.faults[kind]).toBe(1);
  });

  it('throttles with 429 and Retry-After in delta-seconds', async () => {
    const { baseUrl, stats } = await start({ at: { 1: 'throttle' }, retryAfter: { seconds: 7 } });

    const response = await fetch(`${baseUrl}/Practitioner`);

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(stats.faults.throttle).toBe(1);
  });

  it('answers 503 with Retry-After as an HTTP-date no sooner than asked', async () => {
    const { baseUrl } = await start({ at: { 1: 'unavailable' }, retryAfter: { seconds: 3, form: 'http-date' } });
    const before = Date.now();

    const response = await fetch(`${baseUrl}/Practitioner`);

    expect(response.status).toBe(503);
    const date = response.headers.get('retry-after') ?? '';
    expect(date).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(date)).toBeGreaterThanOrEqual(before + 3000);
  });

  it('holds a request unanswered past the client timeout', async () => {
    const { baseUrl, stats } = await start({ at: { 1: 'timeout' } });

    const failure = await fetch(`${baseUrl}/Practitioner`, { signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);

    expect(failure).toMatchObject({ name: 'TimeoutError' });
    expect(stats.faults.timeout).toBe(1);
  });

  it('drops a held request after holdMs, and resets connections', async () => {
    const { baseUrl, stats } = await start({ at: { 1: 'timeout', 2: 'reset' }, holdMs: 50 });

    const dropped = await fetch(`${baseUrl}/Practitioner`).catch((e: unknown) => e);
    const reset = await fetch(`${baseUrl}/Practitioner`).catch((e: unknown) => e);

    // fetch's own TypeError, from another realm than the test's: compare by name
    expect(dropped).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(reset).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(stats.faults).toMatchObject({ timeout: 1, reset: 1 });
  });

  it('truncates a body mid-way, ending it cleanly', async () => {
    const response = await firstPageWith('truncate');
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text.startsWith('{"resourceType":"Bundle"')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('answers 200 with an HTML error page', async () => {
    const response = await firstPageWith('html');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('answers 200 with JSON that is not a Bundle', async () => {
    const response = await firstPageWith('not-bundle');

    expect(((await response.json()) as Page).resourceType).toBe('OperationOutcome');
  });

  it('points next at the page itself', async () => {
    const { baseUrl } = await start({ at: { 1: 'loop-next' } });
    const url = `${baseUrl}/Practitioner?_count=2`;

    expect(nextOf(await getPage(url))).toBe(url);
  });

  it('points next at another origin', async () => {
    const { baseUrl } = await start({ at: { 1: 'cross-origin-next' } });

    const next = nextOf(await getPage(`${baseUrl}/Practitioner?_count=2`));

    expect(next).toBe('http://evil.example/fhir/Practitioner?_count=2&_offset=2');
  });

  it('drops the next link, ending the pages early', async () => {
    const { baseUrl, stats } = await start({ at: { 1: 'drop-next', 2: 'drop-next' } });

    const first = await getPage(`${baseUrl}/Practitioner?_count=2`);
    const last = await getPage(`${baseUrl}/Practitioner?_count=2&_offset=4`);

    expect(nextOf(first)).toBeUndefined();
    expect(first.entry).toHaveLength(2);
    expect(last.entry).toHaveLength(1);
    expect(stats.faults['drop-next']).toBe(1); // the last page had no next link to drop
  });

  it('serves pages beyond total: a next link after the last page, and extra entries', async () => {
    const { baseUrl, stats } = await start({ at: { 1: 'next-after-last', 2: 'next-after-last', 3: 'extra-entries' } });

    const notLast = await getPage(`${baseUrl}/Practitioner?_count=2`);
    const last = await getPage(`${baseUrl}/Practitioner?_count=2&_offset=4`);
    const doubled = await getPage(`${baseUrl}/Practitioner?_count=2`);
    const beyond = await getPage(nextOf(last) ?? '');

    expect(nextOf(notLast)).toBe(`${baseUrl}/Practitioner?_count=2&_offset=2`);
    expect(nextOf(last)).toBe(`${baseUrl}/Practitioner?_count=2&_offset=5`);
    expect(beyond).toMatchObject({ resourceType: 'Bundle', total: 5 });
    expect(beyond.entry ?? []).toHaveLength(0);
    expect(doubled.entry?.map((e) => e.resource.id)).toEqual(['p1', 'p2', 'p1', 'p2']);
    expect(stats.faults).toMatchObject({ 'next-after-last': 1, 'extra-entries': 1 });
  });

  it('faults only the paths it is told to, counting the Nth among them', async () => {
    const { baseUrl, stats } = await start({ paths: /\/PractitionerRole\b/, at: { 2: 'http-500' } });

    const statuses = [];
    for (const type of ['PractitionerRole', 'Practitioner', 'Practitioner', 'PractitionerRole', 'PractitionerRole']) {
      statuses.push((await fetch(`${baseUrl}/${type}`)).status);
    }

    expect(statuses).toEqual([200, 200, 200, 500, 200]);
    expect(stats).toMatchObject({ requests: 5, faults: { 'http-500': 1 } });
  });

  it('injects faults at the rates asked, the same ones for the same seed', async () => {
    const plan: FaultPlan = { rates: { 'http-500': 0.2, 'http-503': 0.2 } };
    const statuses = async (seed: number): Promise<number[]> => {
      const { baseUrl } = await start(plan, seed);
      const seen: number[] = [];
      for (let i = 0; i < 40; i++) seen.push((await fetch(`${baseUrl}/metadata`)).status);
      await proxy?.close();
      proxy = undefined;
      return seen;
    };

    const first = await statuses(42);
    const again = await statuses(42);
    const other = await statuses(7);

    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const faulted = first.filter((status) => status !== 200).length;
    expect(faulted).toBeGreaterThan(5);
    expect(faulted).toBeLessThan(30);
  });

  it('takes a new plan with setFaults, counting `at` from there', async () => {
    const { baseUrl, setFaults } = await start({ at: { 1: 'http-500' } });

    const before = (await fetch(`${baseUrl}/metadata`)).status;
    setFaults({ at: { 2: 'http-502' } });
    const after = [(await fetch(`${baseUrl}/metadata`)).status, (await fetch(`${baseUrl}/metadata`)).status];

    expect([before, ...after]).toEqual([500, 200, 502]);
  });

  it('refuses rates that add up to more than 1', async () => {
    await expect(startFaultProxy({ target: fhir.baseUrl, faults: { rates: { reset: 0.6, timeout: 0.6 } } })).rejects.toThrow(
      'fault rates add up to 1.2',
    );
  });

  it('lets FhirClient read every page through 5xx, 429, resets, timeouts, truncated and HTML answers', async () => {
    const { baseUrl, stats } = await start(
      {
        rates: { 'http-500': 0.1, 'http-503': 0.1, throttle: 0.1, reset: 0.1, timeout: 0.05, truncate: 0.1, html: 0.1 },
        retryAfter: { seconds: 0 },
      },
      3,
    );
    const client = new FhirClient({ allowPrivateTargets: true, timeoutMs: 300, retries: 10, backoffMs: 1 });
    const ids: string[] = [];
    let retries = 0;

    for (let url: string | null = `${baseUrl}/Practitioner?_count=1`; url; ) {
      const fetched = await client.getBundle(url);
      retries += fetched.retries;
      ids.push(...(fetched.bundle.entry ?? []).map((e) => e.resource?.id ?? ''));
      url = fetched.bundle.link?.find((l) => l.relation === 'next')?.url ?? null;
    }

    expect(ids).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    const injected = Object.values(stats.faults).reduce((sum, n) => sum + n, 0);
    expect(injected).toBeGreaterThan(0);
    expect(retries).toBe(injected);
  });
});

describe('startFaultProxy in front of any HTTP server', () => {
  let upstream: TestHttpServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    upstream = await startTestHttpServer((req, res) => {
      const body: Buffer[] = [];
      req.on('data', (chunk: Buffer) => body.push(chunk));
      req.on('end', () =>
        res
          .writeHead(202, { 'Content-Location': `${upstream.origin}/status/1`, 'Content-Type': 'application/json' })
          .end(JSON.stringify({ method: req.method, body: Buffer.concat(body).toString(), self: `${upstream.origin}${req.url}` })),
      );
    });
    proxy = await startFaultProxy({ target: `${upstream.origin}/fhir/`, faults: {} });
  });
  afterAll(async () => {
    await proxy.close();
    await upstream.close();
  });

  it('forwards method and body, and rewrites Content-Location to the proxy', async () => {
    const response = await fetch(`${proxy.baseUrl}/$export`, { method: 'POST', body: '{"resourceType":"Parameters"}' });

    expect(proxy.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/);
    expect(response.status).toBe(202);
    const origin = new URL(proxy.baseUrl).origin;
    expect(response.headers.get('content-location')).toBe(`${origin}/status/1`);
    expect(await response.json()).toEqual({ method: 'POST', body: '{"resourceType":"Parameters"}', self: `${origin}/fhir/$export` });
  });
});
