import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { type FSWatcher, watch } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { planNetDataDir } from '@pds/testing';
import { graphql } from './support/graphql-client';
import { metricValue } from './support/metrics-scrape';
import { type ServedIndex, servedIndex } from './support/served-index';
import { runHarvestCli, serviceEnv, startApi, waitFor } from './support/service-process';

jest.setTimeout(240_000);

const ADMIN_KEY = 'index-faults-admin-key-0123';
const admin = { 'x-admin-key': ADMIN_KEY };

/** A DATA_DIR holding the shared Plan-Net directory, harvested and indexed by the built CLI. */
async function harvestedDataDir(dataDir: string): Promise<void> {
  const harvest = await runHarvestCli([planNetDataDir()], serviceEnv({ DATA_DIR: dataDir }));
  expect(harvest.code).toBe(0);
}

const current = (dataDir: string) => fs.readFile(path.join(dataDir, 'index', 'CURRENT'), 'utf8').then((name) => name.trim());
const generations = (dataDir: string) => path.join(dataDir, 'index', 'generations');

async function reindex(url: string): Promise<void> {
  const answer = await graphql<{ reindex: string }>(url, 'mutation { reindex }', {}, admin);
  expect(answer.errors).toBeUndefined();
}

interface IndexUpdate {
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  documents: number | null;
}

/** What an operator asks after a reindex: how did the last one go? */
async function lastReindex(url: string): Promise<{ documents: number; lastReindex: IndexUpdate | null }> {
  const answer = await graphql<{ indexStatus: { documents: number; lastReindex: IndexUpdate | null } }>(
    url,
    '{ indexStatus { documents lastReindex { status reason startedAt finishedAt documents } } }',
    {},
    admin,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.indexStatus;
}

/** Waits for a reindex started after `since` (the last one's startedAt) to have finished: its record is written once the new index is served. */
async function finishedReindex(url: string, since: string | null, output: () => string): Promise<{ documents: number; lastReindex: IndexUpdate | null }> {
  let status: Awaited<ReturnType<typeof lastReindex>> | null = null;
  const finished = (update: IndexUpdate | null) => update !== null && update.startedAt !== since && update.status !== 'RUNNING';
  await waitFor(async () => finished((status = await lastReindex(url)).lastReindex), 60_000, output);
  return status!;
}

async function ledgerTemporaries(dataDir: string): Promise<string[]> {
  return (await fs.readdir(path.join(dataDir, 'ledger'))).filter((name) => name.endsWith('.tmp'));
}

describe('the API killed with SIGKILL during a reindex', () => {
  let dataDir: string;
  let watcher: FSWatcher | null = null;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-kill-reindex-'));
    await harvestedDataDir(dataDir);
  });

  afterAll(async () => {
    watcher?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('serves the last complete index on restart, and a later reindex still works', async () => {
    const env = serviceEnv({ DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN_KEY });
    let api = await startApi(env);
    const before: ServedIndex = await servedIndex(api.url);
    const committed = await current(dataDir);
    expect(before.keys.length).toBeGreaterThan(2000);

    // Killed the moment the reindex starts writing its snapshot: the most harmful point, with a
    // partial snapshot on disk and CURRENT not yet moved.
    const killed = once(api.process, 'exit');
    watcher = watch(generations(dataDir), (_event, name) => {
      if (name && name !== committed) api.process.kill('SIGKILL');
    });
    await reindex(api.url);
    const [, signal] = (await killed) as [number | null, NodeJS.Signals | null];
    watcher.close();
    expect(signal).toBe('SIGKILL');
    expect(await current(dataDir)).toBe(committed);
    // The killed reindex's ledger replacement, as large as the ledger, is left behind.
    expect(await ledgerTemporaries(dataDir)).toHaveLength(1);

    api = await startApi(env);
    try {
      expect(await servedIndex(api.url)).toEqual(before);
      // The killed process left its reindex RUNNING; the restart, which runs jobs in process, marks it FAILED.
      const interrupted = (await lastReindex(api.url)).lastReindex;
      expect(interrupted).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/^interrupted: the process running it stopped/), documents: null });
      expect(interrupted?.finishedAt).not.toBeNull();
      await reindex(api.url);
      const { documents, lastReindex: succeeded } = await finishedReindex(api.url, interrupted!.startedAt, api.output);
      expect(succeeded).toMatchObject({ status: 'SUCCEEDED', reason: null, documents });
      expect(await current(dataDir)).not.toBe(committed);
      expect(await servedIndex(api.url)).toEqual(before);
      // The next reindex removed it.
      expect(await ledgerTemporaries(dataDir)).toEqual([]);
    } finally {
      await api.stop();
    }
  });
});

/** Whether this process may mount a tmpfs (root, or CAP_SYS_ADMIN): the honest way to fill a disk. */
function canMountTmpfs(): boolean {
  const probe = path.join(os.tmpdir(), `pds-mount-probe-${process.pid}`);
  spawnSync('mkdir', ['-p', probe]);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  spawnSync('rmdir', [probe]);
  return mounted;
}

const describeWithTmpfs = canMountTmpfs() ? describe : describe.skip;

describeWithTmpfs('the disk filling up during an index build (DATA_DIR on a small tmpfs)', () => {
  let mountDir: string;
  let dataDir: string;

  beforeAll(async () => {
    const built = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-disk-full-src-'));
    await harvestedDataDir(built);
    const used = Number(spawnSync('du', ['-sb', built], { encoding: 'utf8' }).stdout.split('\t')[0]);
    mountDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-disk-full-'));
    // Room for what is there and a third more: not for a second snapshot of the index beside it.
    const size = Math.ceil((used * 1.35) / 4096) * 4096;
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountDir]).status).toBe(0);
    dataDir = path.join(mountDir, 'data');
    expect(spawnSync('cp', ['-a', built, dataDir]).status).toBe(0);
    await fs.rm(built, { recursive: true, force: true });
  });

  afterAll(async () => {
    if (mountDir) spawnSync('umount', [mountDir]);
    await fs.rm(mountDir, { recursive: true, force: true });
  });

  const free = async () => (await fs.statfs(mountDir)).bavail * (await fs.statfs(mountDir)).bsize;

  it('keeps serving the old index, fails the build with ENOSPC, gives the space back, and builds once there is room', async () => {
    const api = await startApi(serviceEnv({ DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN_KEY }));
    try {
      const before = await servedIndex(api.url);
      const committed = await current(dataDir);
      const freeBefore = await free();

      await reindex(api.url);
      await waitFor(async () => api.output().includes('job failed'), 60_000, api.output);

      expect(api.output()).toMatch(/"job":"reindex".*Cannot write the search index snapshot \(ENOSPC\)/);
      const failed = (await lastReindex(api.url)).lastReindex;
      expect(failed).toMatchObject({ status: 'FAILED', reason: 'Cannot write the search index snapshot (ENOSPC).', documents: null });
      expect(failed?.finishedAt).not.toBeNull();
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      expect(metricValue(metrics, 'pds_index_last_update_status{kind="reindex",status="failed"}')).toBe(1);
      expect(metricValue(metrics, 'pds_index_last_update_status{kind="reindex",status="succeeded"}')).toBe(0);
      expect(await servedIndex(api.url)).toEqual(before);
      expect(await current(dataDir)).toBe(committed);
      expect(await fs.readdir(generations(dataDir))).toEqual([committed]);
      // All the failed build took is free again, but for its record (one small state file).
      const record = await fs.stat(path.join(dataDir, 'state', 'index-update', 'reindex.json'));
      expect(await free()).toBe(freeBefore - record.blocks * 512);

      // Room for two snapshots again (the operator grew the volume): the same reindex succeeds.
      expect(spawnSync('mount', ['-o', 'remount,size=64m', mountDir]).status).toBe(0);
      await reindex(api.url);
      const { documents, lastReindex: succeeded } = await finishedReindex(api.url, failed!.startedAt, api.output);
      expect(succeeded).toMatchObject({ status: 'SUCCEEDED', reason: null, documents });
      expect(documents).toBeGreaterThanOrEqual(before.keys.length);
      expect(await current(dataDir)).not.toBe(committed);
      // Scrapes within a second share one read of the records: the gauge follows within that.
      const failedGauge = async () => metricValue(await (await fetch(`${api.url}/metrics`)).text(), 'pds_index_last_update_status{kind="reindex",status="failed"}');
      await waitFor(async () => (await failedGauge()) === 0, 5_000, api.output);
      expect(await servedIndex(api.url)).toEqual(before);
    } finally {
      await api.stop();
    }
  });
});
