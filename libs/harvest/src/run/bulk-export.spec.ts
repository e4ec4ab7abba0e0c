import type { IncomingHttpHeaders } from 'node:http';
import { Deadline, FhirClient, type FhirResource, FhirFetchError } from '@pds/fhir';
import { exportInProgressForAYear, sendJson, startTestHttpServer, type TestHttpServer } from '@pds/testing/http';
import type { TypeRunRecord } from './run-record';
import { type BulkExportOptions, runBulkExport } from './bulk-export';

const API_KEY = 'payer-secret-key';
const line = `${JSON.stringify({ resourceType: 'Location', id: 'l1' })}\n`;

/** A file server that records the headers of every request, so a test can assert no API key arrived. */
async function recordingServer(): Promise<TestHttpServer & { headers: IncomingHttpHeaders[] }> {
  const headers: IncomingHttpHeaders[] = [];
  const server = await startTestHttpServer((req, res) => {
    headers.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson' }).end(line);
  });
  return Object.assign(server, { headers });
}

describe('runBulkExport against a hostile manifest', () => {
  const servers: TestHttpServer[] = [];
  let payerHeaders: IncomingHttpHeaders[];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /** A payer whose kick-off points at `status(origin)` and whose status answers `manifest(origin)`. */
  async function payer(manifest: (origin: string) => object, status = (origin: string) => `${origin}/status/1`): Promise<string> {
    payerHeaders = [];
    const server = await startTestHttpServer((req, res) => {
      payerHeaders.push(req.headers);
      const origin = `http://${req.headers.host}`;
      if (req.url!.startsWith('/fhir/$export')) return res.writeHead(202, { 'Content-Location': status(origin) }).end();
      if (req.url === '/status/1') return sendJson(res, manifest(origin));
      if (req.url === '/status/year') return exportInProgressForAYear(res);
      res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson' }).end(line);
    });
    servers.push(server);
    return `${server.origin}/fhir`;
  }

  async function files(): Promise<TestHttpServer & { headers: IncomingHttpHeaders[] }> {
    const server = await recordingServer();
    servers.push(server);
    return server;
  }

  function run(baseUrl: string, options: Partial<BulkExportOptions> = {}) {
    const client = new FhirClient({
      allowPrivateTargets: true,
      timeoutMs: 5_000,
      retries: 0,
      sourceHeaders: { origin: new URL(baseUrl).origin, headers: { 'x-api-key': API_KEY } },
    });
    const put: FhirResource[] = [];
    const records: Partial<Record<string, TypeRunRecord>> = {};
    const done = runBulkExport(client, baseUrl, {
      since: '2026-01-01T00:00:00Z',
      types: ['Location'],
      sink: { put: async (resources) => void put.push(...resources), putAliases: async () => undefined },
      records,
      onRepair: () => undefined,
      onQuarantine: () => undefined,
      deadline: new Deadline(Date.now() + 60_000, "the run's 1-minute limit (maxRunMinutes)"),
      exportOrigins: [],
      pollMs: 10,
      ...options,
    });
    return { done, put };
  }

  it('refuses output files on another origin before fetching any, and the other origin hears nothing', async () => {
    const cdn = await files();
    const base = await payer((origin) => ({
      requiresAccessToken: true,
      output: [
        { type: 'Location', url: `${origin}/files/ok.ndjson` },
        { type: 'Location', url: `${cdn.origin}/steal` },
      ],
    }));

    const error = await run(base).done.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FhirFetchError);
    expect(error).toMatchObject({ failure: 'refused-link' });
    expect((error as Error).message).toContain(`a $export output file is on ${cdn.origin}, not the source's origin; add it to the source's exportOrigins`);
    expect(cdn.headers).toEqual([]);
    expect(payerHeaders).toHaveLength(2); // kick-off and status: not even the file on its own origin was fetched
  });

  it('refuses a status URL on another origin', async () => {
    const elsewhere = await files();
    const base = await payer(() => ({}), () => `${elsewhere.origin}/status/1`);

    await expect(run(base).done).rejects.toThrow(`the $export status URL is on ${elsewhere.origin}`);
    expect(elsewhere.headers).toEqual([]);
  });

  it("fetches files from an allowed export origin without ever sending it the payer's API key", async () => {
    const cdn = await files();
    const base = await payer(() => ({ requiresAccessToken: true, output: [{ type: 'Location', url: `${cdn.origin}/Location.ndjson` }] }));

    const { done, put } = run(base, { exportOrigins: [cdn.origin] });
    await done;

    expect(put).toEqual([{ resourceType: 'Location', id: 'l1' }]);
    expect(cdn.headers).toHaveLength(1);
    expect(cdn.headers[0]['x-api-key']).toBeUndefined();
    expect(payerHeaders.every((headers) => headers['x-api-key'] === API_KEY)).toBe(true);
  });

  it('sends the API key for files on its own origin only when the manifest says they need it', async () => {
    const needs = await payer((origin) => ({ requiresAccessToken: true, output: [{ type: 'Location', url: `${origin}/files/a.ndjson` }] }));
    await run(needs).done;
    expect(payerHeaders.at(-1)!['x-api-key']).toBe(API_KEY);

    const open = await payer((origin) => ({ requiresAccessToken: false, output: [{ type: 'Location', url: `${origin}/files/a.ndjson` }] }));
    await run(open).done;
    expect(payerHeaders.at(-1)!['x-api-key']).toBeUndefined();
  });

  it("stops polling at the run's deadline when the server asks to come back in a year", async () => {
    const base = await payer(() => ({}), (origin) => `${origin}/status/year`);
    const started = Date.now();

    const error = await run(base, { deadline: new Deadline(Date.now() + 500, "the run's 1-minute limit (maxRunMinutes)") }).done.catch(
      (caught: unknown) => caught,
    );

    expect(error).toMatchObject({ failure: 'deadline', reason: "stopped: the run's 1-minute limit (maxRunMinutes) passed" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
