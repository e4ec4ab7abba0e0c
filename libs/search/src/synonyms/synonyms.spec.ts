import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLayTerms, toSynonyms } from './synonyms';

describe('lay-term synonyms', () => {
  it('ships the common lay terms', () => {
    const shipped = loadLayTerms();
    expect(Object.keys(shipped).length).toBeGreaterThanOrEqual(25);
    expect(shipped['heart doctor']).toContain('cardiovascular');
    expect(toSynonyms(shipped).expansions.get('ob gyn')).toEqual([['obstetrics', 'gynecology']]);
  });

  it('reads a replacement file and rejects a malformed one', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'pds-synonyms-'));
    try {
      await writeFile(join(directory, 'good.json'), JSON.stringify({ 'Tooth Doc': ['dentist'] }));
      await writeFile(join(directory, 'bad.json'), JSON.stringify({ 'tooth doc': 'dentist' }));
      expect(toSynonyms(loadLayTerms(join(directory, 'good.json')))).toEqual({ expansions: new Map([['tooth doc', [['dentist']]]]), longestPhrase: 2 });
      expect(() => loadLayTerms(join(directory, 'bad.json'))).toThrow(/array of strings/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
