import type { ServerResponse } from 'node:http';
import { startTestHttpServer, type TestHttpHandler, type TestHttpServer } from '@pds/testing/http';
import { FhirClient, type FhirClientOptions } from '../fhir-client';
import { FhirFetchError } from '../fhir-fetch.error';

const resources = [1, 2, 3, 4, 5].map((n) => ({ resourceType: 'Location', id: `l${n}`, name: `Clínica ${n}` }));
const ndjson = resources.map((r) => JSON.stringify(r)).join('\n');

/** Writes `parts` one after another, `gapMs` apart, then ends the answer (or leaves it open). */
function dribble(res: ServerResponse, parts: string[], gapMs: number, end = true): void {
  res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson' });
  const next = (i: number) => {
    if (i === parts.length) {
      if (end) res.end();
      return;
    }
    res.write(parts[i]);
    setTimeout(() => next(i + 1), gapMs);
  };
  next(0);
}

async function collect(lines: AsyncIterable<unknown>): Promise<{ values: unknown[]; error: unknown }> {
  const values: unknown[] = [];
  try {
    for await (const value of lines) values.push(value);
    return { values, error: null };
  } catch (error) {
    return { values, error };
  }
}

describe('FhirClient.streamNdjson', () => {
  let server: TestHttpServer | undefined;
  const client = (options: Partial<FhirClientOptions> = {}) => new FhirClient({ allowPrivateTargets: true, timeoutMs: 5_000, retries: 2, backoffMs: 1, ...options });
  const serve = async (handler: TestHttpHandler): Promise<string> => {
    server = await startTestHttpServer(handler);
    return `${server.origin}/output/Location.ndjson`;
  };
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('yields each line parsed, whatever the chunking, skipping blank lines, with the bytes counted', async () => {
    const lines = resources.map((r) => JSON.stringify(r));
    const body = `${lines[0]}\r\n\n${lines.slice(1, 4).join('\n')}\n\n${lines[4]}`; // CRLF, blank lines, no final newline
    const cuts = [0, 7, 61, 62, 150, body.length];
    let accept = '';
    const url = await serve((req, res) => {
      accept = req.headers.accept ?? '';
      dribble(res, cuts.slice(1).map((end, i) => body.slice(cuts[i], end)), 5); // lines cut mid-way
    });

    const stream = client().streamNdjson(url);
    const { values, error } = await collect(stream);

    expect(error).toBeNull();
    expect(values).toEqual(resources);
    expect(stream.counters).toEqual({ attempts: 1, retries: 0, throttled: 0, bytes: Buffer.byteLength(body) });
    expect(accept).toContain('application/fhir+ndjson');
  });

  it('retries the request until the body starts, then follows a same-origin redirect', async () => {
    const url = await serve((req, res, n) => {
      if (n === 1) res.writeHead(503).end();
      else if (req.url?.startsWith('/output/')) res.writeHead(302, { Location: '/files/1' }).end();
      else dribble(res, [ndjson], 0);
    });

    const stream = client().streamNdjson(url);
    const { values } = await collect(stream);

    expect(values).toEqual(resources);
    expect(stream.counters).toMatchObject({ attempts: 3, retries: 1 });
  });

  it('goes on while data keeps coming, however long the download, and times out on silence', async () => {
    const parts = resources.map((r) => `${JSON.stringify(r)}\n`);
    const slow = await serve((_req, res, n) => dribble(res, n === 1 ? parts : parts.slice(0, 1), 120, n === 1));

    const whole = await collect(client({ timeoutMs: 300 }).streamNdjson(slow));
    const stalled = await collect(client({ timeoutMs: 300 }).streamNdjson(slow));

    expect(whole).toEqual({ values: resources, error: null });
    expect(stalled.values).toEqual(resources.slice(0, 1));
    expect(stalled.error).toMatchObject({ failure: 'timeout', retryable: true });
    expect((stalled.error as Error).message).toContain('no data for 300 ms');
  });

  it('fails with not-json naming the line that is not JSON', async () => {
    const url = await serve((_req, res) => dribble(res, [`${JSON.stringify(resources[0])}\n\n{"resourceType":"Loc`], 0));

    const { values, error } = await collect(client().streamNdjson(url));

    expect(values).toEqual(resources.slice(0, 1));
    expect(error).toBeInstanceOf(FhirFetchError);
    expect(error).toMatchObject({ failure: 'not-json', retryable: true });
    expect((error as Error).message).toContain('line 3 of the NDJSON is not valid JSON');
  });

  it('fails with http-status, without retrying, on a 404', async () => {
    const url = await serve((_req, res) => res.writeHead(404).end());

    const { error } = await collect(client().streamNdjson(url));

    expect(error).toMatchObject({ failure: 'http-status', retryable: false, counters: { attempts: 1 } });
  });

  it("gives the host's slot back when the reader stops early", async () => {
    const url = await serve((_req, res) => dribble(res, [`${JSON.stringify(resources[0])}\n`], 0, false));
    const oneAtATime = client({ concurrency: 1 });

    for await (const _first of oneAtATime.streamNdjson(url)) break;
    for await (const _first of oneAtATime.streamNdjson(url)) break; // would wait forever for the slot

    expect(server?.requests).toHaveLength(2);
  });
});
