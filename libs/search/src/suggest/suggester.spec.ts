import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlaceResolver } from '@pds/places';
import { EmbeddedSearchIndex } from '../embedded/embedded-search-index.adapter';
import { at, practiceLocation, providerDocument } from '@pds/search/testing';
import { loadLayTerms } from '../synonyms/synonyms';
import { Suggester } from './suggester';

describe('Suggester over the embedded index', () => {
  let directory: string;
  let index: EmbeddedSearchIndex;
  let suggester: Suggester;
  const cardiology = { code: '207RC0000X', display: 'Cardiovascular Disease Physician' };
  const family = { code: '207Q00000X', display: 'Family Medicine Physician' };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pds-suggest-'));
    index = await EmbeddedSearchIndex.open(directory, { watchIntervalMs: 0 });
    const build = await index.beginRebuild();
    await build.add([
      providerDocument({ id: 's1', npi: '1000000011', name: 'Anna Smith', familyName: 'Smith', specialties: [cardiology], organization: { id: 'org-far', name: 'Smithfield Heart Center' }, location: practiceLocation({ position: at(40, 0) }) }),
      providerDocument({ id: 's2', npi: '1000000011', name: 'Anna Smith', familyName: 'Smith', specialties: [cardiology], organization: { id: 'org-far', name: 'Smithfield Heart Center' }, location: practiceLocation({ id: 'l2', position: at(41, 0) }) }),
      providerDocument({ id: 's3', npi: '1000000012', name: 'Omar Krajcik', familyName: 'Krajcik', specialties: [family], organization: { id: 'org-near', name: 'Smithson Family Care' }, location: practiceLocation({ position: at(1, 0) }) }),
      providerDocument({ id: 's4', npi: '1000000013', name: 'Lee Wong', familyName: 'Wong', specialties: [family], organization: null }),
    ]);
    await build.commit();
    suggester = new Suggester(index, new PlaceResolver(), loadLayTerms());
  });
  afterAll(async () => {
    await index.close();
    await rm(directory, { recursive: true, force: true });
  });

  const suggest = (text: string, near?: { latitude: number; longitude: number; radiusKm: number }) => suggester.suggest({ text, near, limit: 8 });

  it('suggests specialties by prefix, typo or lay term, with their provider counts', async () => {
    expect((await suggest('cardi'))[0]).toEqual({ kind: 'specialty', label: 'Cardiovascular Disease Physician', value: '207RC0000X', providers: 1 });
    expect((await suggest('heart doc')).filter((s) => s.kind === 'specialty').map((s) => s.value)).toEqual(['207RC0000X']);
    expect((await suggest('famly medicine'))[0]).toMatchObject({ kind: 'specialty', value: '207Q00000X', providers: 2 });
  });

  it('suggests a provider once by name, keyed by providerKey, and only when the name matches', async () => {
    const providers = (await suggest('smi')).filter((s) => s.kind === 'provider');
    expect(providers).toEqual([{ kind: 'provider', label: 'Anna Smith', value: 'npi:1000000011', providers: null }]);
    expect((await suggest('cardio')).filter((s) => s.kind === 'provider')).toEqual([]);
  });

  it('ranks organizations nearer the point first, and still offers providers beyond it', async () => {
    const near = { ...at(0, 0), radiusKm: 10 };
    const organizations = (await suggest('smith', near)).filter((s) => s.kind === 'organization').map((s) => s.value);
    expect(organizations).toEqual(['org-near', 'org-far']);
    expect((await suggest('smith', near)).some((s) => s.kind === 'provider' && s.value === 'npi:1000000011')).toBe(true);
  });

  it('offers at most three places, after what the directory holds', async () => {
    const suggestions = await suggest('smith');
    const places = suggestions.filter((s) => s.kind === 'place');
    expect(places.length).toBeGreaterThan(0);
    expect(places.length).toBeLessThanOrEqual(3);
    expect(suggestions.findIndex((s) => s.kind === 'place')).toBeGreaterThan(suggestions.findIndex((s) => s.kind === 'organization'));
  });

  it('counts a swapped pair of letters as one typo, as the search does', async () => {
    expect((await suggest('Kracjik')).filter((s) => s.kind === 'provider')).toEqual([{ kind: 'provider', label: 'Omar Krajcik', value: 'npi:1000000012', providers: null }]);
  });

  it('answers at most the limit', async () => {
    expect(await suggester.suggest({ text: 's', limit: 2 })).toHaveLength(2);
  });
});
