import * as fs from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type TestFhirServer, planNetDataDir, startTestFhirServer } from '@pds/testing';
import { graphql } from './support/graphql-client';
import { runHarvestCli, serviceEnv, startApi } from './support/service-process';

jest.setTimeout(120_000);

/** A server that answers every request the same wrong way, as broken payer endpoints do. */
async function brokenServer(contentType: string, body: string, status = 200): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(status, { 'content-type': contentType }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`, server };
}

describe('a source that fails its run keeps what was already indexed', () => {
  let fhir: TestFhirServer;
  let dataDir: string;
  const servers: Server[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-fail-'));
    env = serviceEnv({ DATA_DIR: dataDir, HARVEST_RETRIES: '1' });
    const first = await runHarvestCli([fhir.baseUrl], env);
    expect(first.code).toBe(0);
  });

  afterAll(async () => {
    servers.forEach((server) => server.close());
    await fhir?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function indexedCount(): Promise<number> {
    const api = await startApi(env);
    try {
      const { data } = await graphql<{ searchProviders: { totalCount: number } }>(api.url, '{ searchProviders { totalCount } }');
      return data!.searchProviders.totalCount;
    } finally {
      await api.stop();
    }
  }

  it.each([
    ['an HTML error page', 'text/html', '<html><body>Service temporarily down</body></html>', /HTML page, not FHIR JSON/],
    ['a JSON answer that is not a Bundle', 'application/fhir+json', '{"resourceType":"OperationOutcome","issue":[]}', /expected a FHIR Bundle, got a OperationOutcome/],
  ])('fails on %s, naming the source and the reason', async (_name, contentType, body, reason) => {
    const before = await indexedCount();
    const broken = await brokenServer(contentType, body);
    servers.push(broken.server);

    const result = await runHarvestCli([broken.url], env);

    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain(`FAILED ${broken.url}`);
    expect(result.stdout).toMatch(reason);
    expect(result.stdout).toMatch(/index: unchanged/);
    expect(await indexedCount()).toBe(before);
    expect(before).toBeGreaterThan(2000);
  });

  it('fails on an unreachable source and re-indexes the healthy one beside it', async () => {
    const before = await indexedCount();
    const unreachable = 'http://127.0.0.1:9/fhir';

    const result = await runHarvestCli([unreachable, fhir.baseUrl], env);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`FAILED ${unreachable}`);
    expect(result.stdout).toMatch(/cannot reach the server/);
    expect(result.stdout).toContain(`OK     ${fhir.baseUrl}`);
    expect(await indexedCount()).toBe(before);
  });

  it('rejects a source that is not an http(s) URL with what is accepted', async () => {
    const result = await runHarvestCli(['ftp://payer.example/fhir'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid source "ftp:\/\/payer.example\/fhir".*Expected a FHIR base URL/);
  });
});
