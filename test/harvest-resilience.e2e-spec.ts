import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type FaultProxy, type TestFhirServer, planNetDataDir, startFaultProxy, startTestFhirServer } from '@pds/testing';
import { type ServedIndex, servedIndex } from './support/served-index';
import { once } from 'node:events';
import { freePort, runHarvestCli, serviceEnv, spawnHarvestCli, startApi, waitFor } from './support/service-process';

jest.setTimeout(240_000);

/** Every document an API over `dataDir` serves, with the facet counts. */
async function indexSnapshot(dataDir: string): Promise<ServedIndex> {
  const api = await startApi(serviceEnv({ DATA_DIR: dataDir }));
  try {
    return await servedIndex(api.url);
  } finally {
    await api.stop();
  }
}

describe('harvesting through a faulty network', () => {
  let fhir: TestFhirServer;
  let proxy: FaultProxy;
  const proxies: FaultProxy[] = [];
  const startProxy = async (options: Parameters<typeof startFaultProxy>[0]) => {
    proxy = await startFaultProxy(options);
    proxies.push(proxy);
    return proxy;
  };
  let cleanDir: string;
  let clean: { keys: string[]; facets: unknown };
  const dirs: string[] = [];

  const tempDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-resilience-'));
    dirs.push(dir);
    return dir;
  };
  const env = (dataDir: string) => serviceEnv({ DATA_DIR: dataDir, HARVEST_TIMEOUT_MS: '1500', HARVEST_RETRIES: '8' });

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    cleanDir = await tempDir();
    expect((await runHarvestCli([fhir.baseUrl], env(cleanDir))).code).toBe(0);
    clean = await indexSnapshot(cleanDir);
    expect(clean.keys.length).toBeGreaterThan(2000);
  });

  afterAll(async () => {
    for (const started of proxies) await started.close();
    await fhir?.close();
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it('yields the same documents as a clean harvest despite 5xx, 429, resets, timeouts, truncated and HTML answers', async () => {
    await startProxy({
      target: fhir.baseUrl,
      seed: 7,
      faults: {
        rates: { 'http-503': 0.04, throttle: 0.04, reset: 0.03, timeout: 0.02, truncate: 0.03, html: 0.03, 'extra-entries': 0.03 },
        retryAfter: { seconds: 1 },
        holdMs: 3_000,
      },
    });
    const dataDir = await tempDir();

    const result = await runHarvestCli([proxy.baseUrl], env(dataDir));

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const injected = Object.values(proxy.stats.faults).reduce((sum, count) => sum + count, 0);
    expect(injected).toBeGreaterThan(5);
    expect(await indexSnapshot(dataDir)).toEqual(clean);
  });

  describe('stopping on a broken page with the reason, deleting nothing already indexed', () => {
    // One harvest through the proxy serves every case: a refused run changes nothing, which is the point.
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await tempDir();
      await startProxy({ target: fhir.baseUrl, seed: 1, faults: {} });
      expect((await runHarvestCli([proxy.baseUrl], env(dataDir))).code).toBe(0);
    });

    it.each([
      ['a next link to another origin', 'cross-origin-next', /leaves the source's origin/],
      ['a next link that loops', 'loop-next', /loops back to a page already fetched/],
      ['pages that end before Bundle.total', 'drop-next', /pages ended after/],
      ['a page that is not a Bundle', 'not-bundle', /expected a FHIR Bundle/],
    ] as const)('%s', async (_name, fault, reason) => {
      // The crawl's first PractitionerRole page; the probe's look at the page size (`_elements=id`) is left alone.
      proxy.setFaults({ paths: /\/PractitionerRole\?(?!.*_elements=)/, at: { 1: fault } });

      const result = await runHarvestCli(['--full', proxy.baseUrl], env(dataDir));

      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`FAILED ${proxy.baseUrl}`);
      expect(result.stdout).toMatch(reason);
      expect(await indexSnapshot(dataDir)).toEqual(clean);
    });
  });

  it('reuses the page size the full harvest measured on the next, incremental run, saying when it was measured', async () => {
    const measurements = () => fhir.requests.filter((request) => request.includes('_elements=id')).length;
    const before = measurements();

    const rerun = await runHarvestCli(['--json', fhir.baseUrl], env(cleanDir));

    expect(rerun.code).toBe(0);
    const [run] = JSON.parse(rerun.stdout).runs;
    expect(run).toMatchObject({ mode: 'incremental', status: 'succeeded', probe: { pageSizeMeasuredAt: expect.any(String), requests: 1 } });
    expect(Date.parse(run.probe.pageSizeMeasuredAt)).toBeLessThan(Date.parse(run.startedAt));
    expect(measurements()).toBe(before);
  });

  it('resumes a harvest killed with SIGKILL from its checkpoint, and ends with the same index', async () => {
    const dataDir = await tempDir();
    // Small pages at a modest rate, so the run is still going when it is killed.
    const slow = { ...env(dataDir), HARVEST_PAGE_SIZE: '20', HARVEST_REQUESTS_PER_SECOND: '20' };
    const child = spawnHarvestCli([fhir.baseUrl], slow);
    const checkpoints = path.join(dataDir, 'state', 'checkpoints');
    await waitFor(
      async () => {
        const [file] = await fs.readdir(checkpoints).catch(() => []);
        if (!file) return false;
        const checkpoint = JSON.parse(await fs.readFile(path.join(checkpoints, file), 'utf8'));
        return checkpoint.positions?.Practitioner !== undefined;
      },
      60_000,
      () => 'no checkpoint reached Practitioner',
    );
    child.kill('SIGKILL');
    await once(child, 'exit');
    const [file] = await fs.readdir(checkpoints);
    const killed = JSON.parse(await fs.readFile(path.join(checkpoints, file), 'utf8'));
    const requestsBefore = fhir.requests.length;

    const resumed = await runHarvestCli([fhir.baseUrl], env(dataDir));

    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`run ${killed.record.id}`);
    const organizationPagesAgain = fhir.requests.slice(requestsBefore).filter((request) => request.startsWith('/fhir/Organization?'));
    expect(organizationPagesAgain).toEqual([]);
    expect(await indexSnapshot(dataDir)).toEqual(clean);
  });

  it('crawls a type again from its first page when the restarted server forgot the saved next link, in the same run', async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    const opaque = { target: fhir.baseUrl, faults: {}, opaquePaging: {}, port };
    await startProxy(opaque);
    const slow = { ...env(dataDir), HARVEST_PAGE_SIZE: '20', HARVEST_REQUESTS_PER_SECOND: '20' };
    const child = spawnHarvestCli([proxy.baseUrl], slow);
    const checkpoints = path.join(dataDir, 'state', 'checkpoints');
    const savedLink = async (): Promise<string | null> => {
      const [file] = await fs.readdir(checkpoints).catch(() => []);
      if (!file) return null;
      const checkpoint = JSON.parse(await fs.readFile(path.join(checkpoints, file), 'utf8'));
      return checkpoint.positions?.Practitioner?.nextUrl ?? null;
    };
    await waitFor(async () => (await savedLink())?.includes('_getpages=') ?? false, 60_000, () => 'no checkpoint saved a Practitioner page token');
    child.kill('SIGKILL');
    await once(child, 'exit');
    const [file] = await fs.readdir(checkpoints);
    const killed = JSON.parse(await fs.readFile(path.join(checkpoints, file), 'utf8'));
    // A restarted HAPI-style server has forgotten every search it paged.
    await proxy.close();
    proxies.splice(proxies.indexOf(proxy), 1);
    await startProxy(opaque);

    const rerun = await runHarvestCli(['--json', proxy.baseUrl], env(dataDir));

    expect(rerun.code).toBe(0);
    const [run] = JSON.parse(rerun.stdout).runs;
    expect(run).toMatchObject({ id: killed.record.id, status: 'succeeded', complete: true });
    expect(run.types.Practitioner.cursorExpired).toBe(1);
    expect(run.types.Practitioner.cursorExpiredReason).toMatch(/^Practitioner: HTTP 410 Gone: the server no longer knows this URL .*_getpages=.*crawled again from its first page$/);
    expect(await indexSnapshot(dataDir)).toEqual(clean);
  }, 480_000); // two harvests and an index snapshot, on a machine that may be busy
});
