import type { RunRecord } from '../run/run-record';
import { runRecord } from '@pds/harvest/testing';
import { InvalidSourceSettingsError } from './source-settings-validation';
import { UnknownSourceError } from './source.error';
import { SourceRegistry } from './source-registry';
import { type OpenedStateStore, STATE_STORE_ADAPTERS } from '@pds/store/testing';

const run = (overrides: Partial<RunRecord>): RunRecord =>
  runRecord({ id: '20260101T000000000Z-aaaaaa', mode: 'incremental', finishedAt: '2026-01-01T00:05:00.000Z', ...overrides });

describe.each(STATE_STORE_ADAPTERS)('SourceRegistry on %s', (_name, open) => {
  let opened: OpenedStateStore;
  let registry: SourceRegistry;

  beforeEach(async () => {
    opened = await open();
    registry = new SourceRegistry(opened.state);
  });

  afterEach(() => opened.cleanup());

  it('creates a source with defaults and its host as name, and lists sources by id', async () => {
    await registry.upsert({ id: 'payer-b', baseUrl: 'https://payer-b.example/fhir' });
    const created = await registry.upsert({ id: 'payer-a', baseUrl: 'https://payer-a.example:8443/fhir', pageSize: 50 });

    expect(created).toMatchObject({ name: 'payer-a.example:8443', pageSize: 50, schedule: null, enabled: true, headers: {} });
    expect((await registry.list()).map((source) => source.id)).toEqual(['payer-a', 'payer-b']);
    expect(await registry.get('payer-a')).toEqual(created);
  });

  it('keeps fields an edit leaves out, and clears a schedule set to null', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://payer-a.example/fhir', pageSize: 50, schedule: '0 3 * * *' });

    const edited = await registry.upsert({ id: 'payer-a', enabled: false, requestsPerSecond: undefined, schedule: null });

    expect(edited).toMatchObject({ baseUrl: 'https://payer-a.example/fhir', pageSize: 50, enabled: false, schedule: null });
  });

  it('replaces a source entirely, as the config file does', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://payer-a.example/fhir', pageSize: 50 });

    const replaced = await registry.replace({ id: 'payer-a', name: 'Payer A', baseUrl: 'https://payer-a.example/r4' });

    expect(replaced).toMatchObject({ name: 'Payer A', baseUrl: 'https://payer-a.example/r4', pageSize: 100 });
  });

  it('refuses bad settings listing every problem with what is accepted, and stores nothing', async () => {
    const attempt = registry.upsert({
      id: 'Payer A',
      baseUrl: 'ftp://payer.example',
      pageSize: 0,
      schedule: 'daily',
      pagesize: 10,
    });

    await expect(attempt).rejects.toThrow(InvalidSourceSettingsError);
    const { problems } = (await attempt.catch((error: unknown) => error)) as InvalidSourceSettingsError;
    expect(problems).toEqual([
      expect.stringMatching(/^id: .*\(accepted: lower-case letters, digits and -/),
      expect.stringMatching(/^baseUrl: .*\(accepted: an http or https FHIR base URL/),
      expect.stringMatching(/^pageSize: .*\(accepted: an integer from 1 to 1000\)/),
      expect.stringMatching(/^schedule: not a cron pattern .*\(accepted: a cron pattern such as `0 3 \* \* \*`/),
      expect.stringMatching(/^pagesize: unknown setting; accepted settings: id, name, baseUrl, headers, pageSize/),
    ]);
    expect(await registry.list()).toEqual([]);
  });

  it('removes a source with its status, and says whether it knew it', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://payer-a.example/fhir' });
    await registry.pause('payer-a', 'maintenance');

    expect(await registry.remove('payer-a')).toBe(true);
    expect(await registry.remove('payer-a')).toBe(false);
    expect(await registry.get('payer-a')).toBeNull();
    expect(await registry.isPaused('payer-a')).toBe(false);
  });

  it('answers unknown and malformed ids with null, or UnknownSourceError where one is required', async () => {
    expect(await registry.get('nobody')).toBeNull();
    expect(await registry.get('../etc')).toBeNull();
    await expect(registry.require('nobody')).rejects.toThrow(UnknownSourceError);
    await expect(registry.pause('nobody', 'why')).rejects.toThrow(/no source "nobody"/);
  });

  it('pauses after pauseAfterFailures consecutive failed runs, and resume clears the count', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://payer-a.example/fhir', pauseAfterFailures: 2 });

    await registry.recordRunFinished('payer-a', run({ id: 'r1', status: 'failed', reason: 'HTTP 503' }));
    expect(await registry.status('payer-a')).toMatchObject({ paused: false, consecutiveFailures: 1, lastRunId: 'r1' });
    const paused = await registry.recordRunFinished('payer-a', run({ id: 'r2', status: 'failed', reason: 'timeout' }));

    expect(paused).toMatchObject({ paused: true, consecutiveFailures: 2, lastRunId: 'r2' });
    expect(paused.pausedReason).toBe('paused after 2 consecutive failed runs; last: timeout');
    expect(await registry.isPaused('payer-a')).toBe(true);
    expect(await registry.resume('payer-a')).toMatchObject({ paused: false, pausedReason: null, consecutiveFailures: 0 });
  });

  it('resets failures on success and moves lastCompleteFullAt only for complete full runs', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://payer-a.example/fhir' });
    await registry.recordRunFinished('payer-a', run({ id: 'r1', status: 'failed' }));

    await registry.recordRunFinished('payer-a', run({ id: 'r2', mode: 'incremental' }));
    expect(await registry.status('payer-a')).toMatchObject({ consecutiveFailures: 0, lastCompleteFullAt: null });
    await registry.recordRunFinished('payer-a', run({ id: 'r3', mode: 'full', complete: false }));
    expect((await registry.status('payer-a')).lastCompleteFullAt).toBeNull();
    await registry.recordRunFinished('payer-a', run({ id: 'r4', mode: 'full', finishedAt: '2026-01-02T00:00:00.000Z' }));

    expect(await registry.status('payer-a')).toMatchObject({ lastRunId: 'r4', lastCompleteFullAt: '2026-01-02T00:00:00.000Z' });
  });

  it('counts neither held nor rejected runs as failures or successes', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://payer-a.example/fhir' });
    await registry.recordRunFinished('payer-a', run({ id: 'r1', status: 'failed' }));

    await registry.recordRunFinished('payer-a', run({ id: 'r2', mode: 'full', status: 'held' }));
    await registry.recordRunFinished('payer-a', run({ id: 'r3', mode: 'full', status: 'rejected' }));

    expect(await registry.status('payer-a')).toMatchObject({ consecutiveFailures: 1, lastRunId: 'r3', lastCompleteFullAt: null });
  });

  it('keeps a source status apart from its settings, so an edit does not reset it', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://payer-a.example/fhir' });
    await registry.pause('payer-a', 'payer asked us to stop');

    await registry.upsert({ id: 'payer-a', pageSize: 20 });

    expect(await registry.status('payer-a')).toMatchObject({ paused: true, pausedReason: 'payer asked us to stop' });
  });
});
