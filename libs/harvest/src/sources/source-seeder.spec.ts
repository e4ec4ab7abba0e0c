import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileStateStore } from '@pds/store';
import { InvalidSourceSettingsError, parseSourceSettings } from './source-settings-validation';
import { SourceRegistry } from './source-registry';
import { adHocSettings } from '../run/ad-hoc-settings';
import { seedSources, settingsFromUrl } from './source-seeder';
import { readSourcesFile } from './sources-file-reader';

let dir: string;
let registry: SourceRegistry;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pds-seed-'));
  registry = new SourceRegistry(new FileStateStore(path.join(dir, 'state')));
});

afterEach(() => rm(dir, { recursive: true, force: true }));

async function sourcesFile(content: unknown): Promise<string> {
  const file = path.join(dir, 'sources.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('settingsFromUrl', () => {
  it('names a local NDJSON directory after its path', () => {
    const settings = settingsFromUrl(`${__dirname}/`);
    expect(settings).toMatchObject({ name: __dirname, baseUrl: `file://${__dirname}` });
    expect(() => adHocSettings(__dirname)).not.toThrow();
  });

  it('derives the id from host and path, and names the source after its host', () => {
    expect(settingsFromUrl('https://API.Payer.example:8443/fhir/R4/?x=1')).toEqual({
      id: 'api-payer-example-8443-fhir-r4',
      name: 'api.payer.example:8443',
      baseUrl: 'https://api.payer.example:8443/fhir/R4',
    });
  });

  it('keeps long ids within 63 characters and apart from each other', () => {
    const long = (tail: string) => settingsFromUrl(`https://payer.example/${'segment/'.repeat(10)}${tail}`).id;

    expect(long('a').length).toBeLessThanOrEqual(63);
    expect(long('a')).not.toBe(long('b'));
    expect(() => parseSourceSettings(settingsFromUrl(`https://payer.example/${'x'.repeat(100)}`))).not.toThrow();
  });
});

describe('readSourcesFile', () => {
  it('reads an array of settings with defaults applied', async () => {
    const file = await sourcesFile([{ id: 'payer-a', name: 'Payer A', baseUrl: 'https://a.example/fhir', schedule: '0 3 * * *' }]);

    expect(await readSourcesFile(file)).toEqual([expect.objectContaining({ id: 'payer-a', pageSize: 100, schedule: '0 3 * * *' })]);
  });

  it('lists every problem of every entry by position, and duplicate ids', async () => {
    const file = await sourcesFile([
      { id: 'payer-a', name: 'A', baseUrl: 'https://a.example/fhir' },
      { id: 'payer-b', name: 'B', baseUrl: 'not a url', concurrency: 99 },
      { id: 'payer-a', name: 'A again', baseUrl: 'https://a2.example/fhir' },
    ]);

    const error = (await readSourcesFile(file).catch((caught: unknown) => caught)) as InvalidSourceSettingsError;

    expect(error).toBeInstanceOf(InvalidSourceSettingsError);
    expect(error.problems).toEqual([
      expect.stringMatching(/sources\.json \[1\]: baseUrl: .*accepted: an http or https FHIR base URL/),
      expect.stringMatching(/sources\.json \[1\]: concurrency: .*accepted: an integer from 1 to 16/),
      expect.stringMatching(/id "payer-a" is listed more than once/),
    ]);
  });

  it.each([
    ['not JSON', '{ nope', /sources\.json: .*JSON/],
    ['not an array', { id: 'payer-a' }, /expected a JSON array of source settings objects/],
  ])('refuses a file that is %s', async (_what, content, message) => {
    await expect(readSourcesFile(await sourcesFile(content))).rejects.toThrow(message);
  });
});

describe('seedSources', () => {
  const fileSource = (overrides: object = {}) =>
    parseSourceSettings({ id: 'payer-a', name: 'Payer A', baseUrl: 'https://a.example/fhir', ...overrides });

  it('makes the file authoritative for its ids, and leaves sources added by admins alone', async () => {
    await registry.upsert({ id: 'payer-a', baseUrl: 'https://a.example/fhir', pageSize: 10, enabled: false });
    await registry.upsert({ id: 'added-by-admin', baseUrl: 'https://admin.example/fhir' });

    const seeded = await seedSources(registry, { fileSources: [fileSource()], urls: [] });

    expect(seeded).toEqual({ ids: ['payer-a'], skipped: [] });
    expect(await registry.get('payer-a')).toMatchObject({ pageSize: 100, enabled: true });
    expect(await registry.get('added-by-admin')).not.toBeNull();
  });

  it('adds SOURCES URLs once, never overwriting edits, and skips what is no http(s) source', async () => {
    await seedSources(registry, { fileSources: [], urls: ['https://b.example/fhir'] });
    await registry.upsert({ id: 'b-example-fhir', pageSize: 10 });

    const seeded = await seedSources(registry, { fileSources: [], urls: ['https://b.example/fhir', dir] });

    expect(seeded.ids).toEqual(['b-example-fhir']);
    expect(seeded.skipped).toEqual([expect.stringContaining(dir)]);
    expect(await registry.get('b-example-fhir')).toMatchObject({ name: 'b.example', pageSize: 10 });
  });

  it('lets the file win over a SOURCES URL with the same id', async () => {
    const fromFile = fileSource({ id: 'b-example-fhir', baseUrl: 'https://b.example/fhir', pageSize: 7 });

    await seedSources(registry, { fileSources: [fromFile], urls: ['https://b.example/fhir'] });

    expect(await registry.get('b-example-fhir')).toMatchObject({ name: 'Payer A', pageSize: 7 });
  });
});
