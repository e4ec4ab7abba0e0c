import { Meilisearch } from 'meilisearch';
import { loadLayTerms } from '../synonyms/synonyms';
import { FakeMeilisearch, providerDocument, rejection } from '@pds/search/testing';
import { MeilisearchHousekeeping } from './meilisearch-housekeeping';
import { MeilisearchSearchIndex, type MeilisearchSearchIndexOptions } from './meilisearch-search-index.adapter';
import { MeilisearchTasks } from './meilisearch-tasks';
import { meilisearchSettings, settingsDiffer } from './meilisearch-settings';

const SETTINGS = JSON.parse(JSON.stringify(meilisearchSettings(loadLayTerms())));
/** What a process's first write does with an up-to-date served index: settings checked, orphans looked for, tasks pruned. */
const START = [
  'GET /indexes/providers',
  'GET /indexes/providers/settings',
  'GET /indexes?offset=0&limit=100',
  'DELETE /tasks?indexUids=providers&statuses=succeeded%2Cfailed%2Ccanceled&beforeFinishedAt=…',
];

describe('Meilisearch index lifecycle', () => {
  let fake: FakeMeilisearch;
  let url: string;
  const open = (options: Partial<MeilisearchSearchIndexOptions> = {}) => new MeilisearchSearchIndex({ url, taskTimeoutMs: 2000, ...options });

  beforeEach(async () => {
    fake = new FakeMeilisearch();
    url = await fake.start();
    fake.settings.set('providers', SETTINGS);
  });
  afterEach(() => fake.stop());

  describe('at start', () => {
    it('drops build indexes untouched for orphanAfterMs, keeps live ones and other indexes', async () => {
      const old = new Date(Date.now() - 2 * 60 * 60_000).toISOString();
      for (const uid of ['providers', 'providers_build_1_aa', 'providers_build_2_bb', 'other_build_1', 'providersx_build_1']) {
        fake.indexes.add(uid);
        if (uid !== 'providers_build_2_bb') fake.updatedAt.set(uid, old);
      }
      await open().upsert([providerDocument({ id: 'a' })]);
      expect([...fake.indexes].sort()).toEqual(['other_build_1', 'providers', 'providers_build_2_bb', 'providersx_build_1']);
      expect(fake.calls()).toContain('DELETE /indexes/providers_build_1_aa');
    });

    it('pages through the index list', async () => {
      const old = new Date(Date.now() - 2 * 60 * 60_000).toISOString();
      fake.indexes.add('providers');
      for (let i = 0; i < 150; i++) fake.indexes.add(`a${String(i).padStart(3, '0')}`);
      fake.indexes.add('providers_build_9_ff');
      fake.updatedAt.set('providers_build_9_ff', old);
      await open().remove(['a']);
      expect(fake.calls()).toEqual(expect.arrayContaining(['GET /indexes?offset=0&limit=100', 'GET /indexes?offset=100&limit=100', 'DELETE /indexes/providers_build_9_ff']));
    });

    it('prunes only tasks that finished over a minute ago, which no waiter can still be reading', async () => {
      const client = new Meilisearch({ host: url });
      const housekeeping = new MeilisearchHousekeeping(client, new MeilisearchTasks(client, 2000), 'providers', 60 * 60_000);
      await housekeeping.pruneTasks(['providers'], Date.parse('2026-01-01T00:01:00.000Z'));
      const deletion = fake.requests.find((r) => r.method === 'DELETE')!;
      expect(new URLSearchParams(deletion.path.split('?')[1]).get('beforeFinishedAt')).toBe('2026-01-01T00:00:00.000Z');
    });

    it('tries again at the next write when the start failed', async () => {
      fake.indexes.add('providers');
      let failures = 1;
      fake.replies = (r) => (r.path.startsWith('/indexes?') && failures-- > 0 ? { status: 500, body: { code: 'internal', message: 'disk full' } } : undefined);
      const index = open();
      await expect(index.upsert([providerDocument()])).rejects.toMatchObject({ code: 'SEARCH.UNAVAILABLE', message: expect.stringContaining('disk full') });
      await index.upsert([providerDocument()]);
      expect(fake.calls().filter((call) => call === 'GET /indexes?offset=0&limit=100')).toHaveLength(2);
    });
  });

  describe('rebuild', () => {
    const buildUid = (): string => {
      const created = fake.requests.find((r) => r.path === '/indexes' && (r.body as { uid: string }).uid.includes('_build_'));
      return (created?.body as { uid: string }).uid;
    };

    it('fills a configured build index, swaps it in and deletes the old contents', async () => {
      fake.indexes.add('providers');
      const build = await open({ batchSize: 2 }).beginRebuild();
      await build.add([providerDocument({ id: 'a' }), providerDocument({ id: 'b' }), providerDocument({ id: 'c' })]);
      await build.commit();

      const uid = buildUid();
      expect(uid).toMatch(/^providers_build_\d+_[0-9a-f]{8}$/);
      expect(fake.calls()).toEqual([
        ...START,
        'POST /indexes',
        `PATCH /indexes/${uid}/settings`,
        `POST /indexes/${uid}/documents`,
        `POST /indexes/${uid}/documents`,
        `DELETE /tasks?indexUids=providers%2C${uid}&statuses=succeeded%2Cfailed%2Ccanceled&beforeFinishedAt=…`,
        'POST /swap-indexes',
        `DELETE /indexes/${uid}`,
      ]);
      expect(fake.body('POST', '/swap-indexes')).toEqual([{ indexes: ['providers', uid], rename: false }]);
      expect([...fake.indexes]).toEqual(['providers']);
      await expect(build.add([providerDocument()])).rejects.toMatchObject({ code: 'SEARCH.FAILED' });
      const sent = fake.requests.length;
      await build.abort();
      expect(fake.requests.length).toBe(sent);
    });

    it('creates the served index before the first swap', async () => {
      const build = await open().beginRebuild();
      await build.commit();
      expect(fake.calls().slice(0, 3)).toEqual(['GET /indexes/providers', 'POST /indexes', 'PATCH /indexes/providers/settings']);
      expect(fake.body('POST', '/indexes')).toEqual({ uid: 'providers', primaryKey: 'id' });
      expect(fake.calls()).toContain('POST /swap-indexes');
    });

    it('names every build index apart, even two begun within one millisecond', async () => {
      fake.indexes.add('providers');
      const index = open();
      await Promise.all([index.beginRebuild(), index.beginRebuild()]);
      const uids = fake.requests.filter((r) => r.path === '/indexes' && r.method === 'POST').map((r) => (r.body as { uid: string }).uid);
      expect(uids).toHaveLength(2);
      expect(new Set(uids).size).toBe(2);
    });

    it('never swaps in a build whose batch failed', async () => {
      fake.indexes.add('providers');
      const build = await open().beginRebuild();
      const idError = { code: 'invalid_document_id', message: 'Document identifier is invalid.' };
      fake.failTask = (r) => (r.path.endsWith('/documents') ? idError : null);
      await build.add([providerDocument()]);
      const error = await rejection(build.commit());
      expect(error.message).toContain('Document identifier is invalid.');
      expect(fake.calls()).not.toContain('POST /swap-indexes');

      await build.abort();
      expect(fake.calls().at(-1)).toBe(`DELETE /indexes/${buildUid()}`);
      expect([...fake.indexes]).toEqual(['providers']);
    });

    it('rejects a commit whose swap task fails', async () => {
      fake.indexes.add('providers');
      fake.failTask = (r) => (r.path === '/swap-indexes' ? { code: 'internal', message: 'swap went wrong' } : null);
      const build = await open().beginRebuild();
      await expect(build.commit()).rejects.toMatchObject({ code: 'SEARCH.FAILED', message: expect.stringContaining('swap went wrong') });
    });
  });

});

describe('settingsDiffer', () => {
  it('ignores settings it does not set and the order of attribute sets, not the order of ranking rules', () => {
    const reported = { ...SETTINGS, filterableAttributes: [...SETTINGS.filterableAttributes].reverse(), stopWords: [], proximityPrecision: 'byWord' };
    expect(settingsDiffer(reported, SETTINGS)).toBe(false);
    expect(settingsDiffer({ ...reported, rankingRules: [...SETTINGS.rankingRules].reverse() }, SETTINGS)).toBe(true);
    expect(settingsDiffer({ ...reported, typoTolerance: { ...SETTINGS.typoTolerance, enabled: false } }, SETTINGS)).toBe(true);
    expect(settingsDiffer({ ...reported, searchCutoffMs: null }, SETTINGS)).toBe(true);
    expect(settingsDiffer({}, SETTINGS)).toBe(true);
  });
});
