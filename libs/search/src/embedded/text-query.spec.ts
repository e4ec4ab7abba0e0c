import { toSynonyms } from '../synonyms/synonyms';
import { parseQuery } from './text-query';

const synonyms = toSynonyms({ 'heart doctor': ['cardiovascular', 'cardiology'], obgyn: ['obstetrics gynecology'] });

describe('parseQuery', () => {
  it('gives each word a slot, the last one a prefix, with the typo budget of its length', () => {
    expect(parseQuery('José smith', synonyms)).toEqual([
      [[{ text: 'jose', prefix: false, typos: 0 }]],
      [[{ text: 'smith', prefix: true, typos: 1 }]],
    ]);
  });

  it('turns a lay-term phrase into one slot: the words, or any exact NUCC wording', () => {
    const [heart, chen] = parseQuery('Heart doctor chen', synonyms);
    expect(heart).toEqual([
      [
        { text: 'heart', prefix: false, typos: 1 },
        { text: 'doctor', prefix: false, typos: 1 },
      ],
      [{ text: 'cardiovascular', prefix: false, typos: 0 }],
      [{ text: 'cardiology', prefix: false, typos: 0 }],
    ]);
    expect(chen).toEqual([[{ text: 'chen', prefix: true, typos: 0 }]]);
    expect(parseQuery('obgyn', synonyms)[0][1]).toEqual([
      { text: 'obstetrics', prefix: false, typos: 0 },
      { text: 'gynecology', prefix: false, typos: 0 },
    ]);
  });

  it('has no slot for blank or punctuation-only text', () => {
    expect(parseQuery(' ,. ', synonyms)).toEqual([]);
  });
});
