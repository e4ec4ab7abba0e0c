import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PLAN_NET_TYPES, type FhirResource } from '@pds/fhir';
import { EmbeddedSearchIndex } from '@pds/search';
import { DirectoryBuilder } from './directory-builder';
import { InMemoryResourceStore } from '@pds/store/testing';

/** The shared Plan-Net reference directory, beside the repository root (as CI lays it out too). */
const DATA = path.resolve(__dirname, '../../../../shared/data/plan-net-ri');
const SOURCE = 'plan-net-ri';
const SOURCE_ID = 'acme';

async function load(type: string): Promise<FhirResource[]> {
  const text = await readFile(path.join(DATA, `${type}.ndjson`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FhirResource);
}

describe('Searching the Plan-Net reference directory in the embedded index', () => {
  let directory: string;
  let index: EmbeddedSearchIndex;

  beforeAll(async () => {
    const store = new InMemoryResourceStore().add(SOURCE, (await Promise.all(PLAN_NET_TYPES.map(load))).flat());
    directory = await mkdtemp(path.join(tmpdir(), 'pds-plan-net-search-'));
    index = await EmbeddedSearchIndex.open(directory, { watchIntervalMs: 0 });
    const build = await index.beginRebuild();
    for await (const batch of new DirectoryBuilder({ batchSize: 250 }).build(store, SOURCE, SOURCE_ID)) await build.add(batch);
    await build.commit();
  }, 60_000);

  afterAll(async () => {
    await index.close();
    await rm(directory, { recursive: true, force: true });
  });

  const familyNames = async (text: string): Promise<Set<string | null>> =>
    new Set((await index.search({ text, sort: 'relevance', offset: 0, limit: 100 })).hits.map((hit) => hit.document.familyName));

  it('finds a surname with two letters transposed, as one typo', async () => {
    expect(await familyNames('Krajcik')).toEqual(new Set(['Krajcik']));
    expect(await familyNames('Kracjik')).toEqual(new Set(['Krajcik']));
    expect(await familyNames('Kracjik Krajcik')).toEqual(new Set(['Krajcik']));
  });

  it('does not take a changed first letter as one typo', async () => {
    expect(await familyNames('Hrajcik')).toEqual(new Set());
  });
});
