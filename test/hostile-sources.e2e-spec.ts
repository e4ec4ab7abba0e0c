import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipBomb, startTestHttpServer, type TestHttpServer } from '@pds/testing';
import { graphql } from './support/graphql-client';
import { type RunningService, serviceEnv, startApi, waitFor } from './support/service-process';

jest.setTimeout(120_000);

const ADMIN = { 'x-admin-key': 'e2e-admin-key-0123456789' };
const GB = 1024 * 1024 * 1024;
const UPSERT = 'mutation Upsert($input: SourceInput!) { upsertSource(input: $input) { id } }';
const HARVEST = 'mutation Harvest($sources: [String!]) { harvest(sources: $sources) }';
const HARVEST_SOURCE = 'mutation Run($id: ID!) { harvestSource(id: $id) }';
const RUNS = 'query Runs($id: ID!) { runs(sourceId: $id, first: 1) { status reason } }';

/**
 * The service as a new operator deploys it (ALLOW_PRIVATE_SOURCES unset, embedded, jobs in the
 * API process), with one operator source in SOURCES that answers every request with a gzip bomb.
 */
describe('a hostile payer and an admin key in the wrong hands (embedded, defaults)', () => {
  let bomb: TestHttpServer;
  let recorder: TestHttpServer;
  let dataDir: string;
  let api: RunningService;
  const bombId = () => `127-0-0-1-${new URL(bomb.origin).port}-fhir`;

  beforeAll(async () => {
    bomb = await startTestHttpServer((_req, res) => gzipBomb(res, GB));
    recorder = await startTestHttpServer((_req, res) => res.writeHead(200).end('{}'));
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-hostile-'));
    api = await startApi(
      serviceEnv({
        DATA_DIR: dataDir,
        ADMIN_API_KEY: ADMIN['x-admin-key'],
        ALLOW_PRIVATE_SOURCES: 'false',
        SOURCES: `${bomb.origin}/fhir`,
        HARVEST_INTERVAL_MINUTES: '0',
        HARVEST_RETRIES: '0',
      }),
    );
  });

  afterAll(async () => {
    await api?.stop();
    await bomb?.close();
    await recorder?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a source an admin points at loopback, before sending it anything', async () => {
    const input = { id: 'internal', baseUrl: `${recorder.origin}/fhir` };

    const { errors } = await graphql(api.url, UPSERT, { input }, ADMIN);

    expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors![0].message).toContain('127.0.0.1 is a loopback address; sources may only reach public addresses');
    expect(recorder.requests).toEqual([]);
  });

  it('answers harvest(sources) for a path the same way whether the directory exists or not', async () => {
    const existing = await graphql(api.url, HARVEST, { sources: [dataDir] }, ADMIN);
    const missing = await graphql(api.url, HARVEST, { sources: [`${dataDir}-missing`] }, ADMIN);

    expect(existing.errors![0].message.replace(dataDir, 'PATH')).toBe(missing.errors![0].message.replace(`${dataDir}-missing`, 'PATH'));
  });

  it('fails the run of a gzip bomb on the cap, keeps serving searches, and says why', async () => {
    const queued = await graphql(api.url, HARVEST_SOURCE, { id: bombId() }, ADMIN);
    expect(queued.errors).toBeUndefined();

    let run: { status: string; reason: string | null } | undefined;
    await waitFor(async () => {
      const { data } = await graphql<{ runs: { status: string; reason: string | null }[] }>(api.url, RUNS, { id: bombId() }, ADMIN);
      run = data?.runs[0];
      return run?.status === 'FAILED';
    }, 60_000, api.output);

    expect(run!.reason).toContain('the answer is larger than 64 MB (maxAnswerMb), counted after decompression');
    expect((await fetch(`${api.url}/health`)).ok).toBe(true);
    const search = await graphql(api.url, '{ searchProviders(first: 1) { totalCount } }');
    expect(search.errors).toBeUndefined();
  });
});
