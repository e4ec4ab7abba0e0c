import { TypoWords } from './typo-words';

/** Optimal string alignment distance, the textbook full-matrix form. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Meilisearch's rules stated directly: what the walk must find, as `word:typos:whole|prefix`. */
function expected(words: string[], query: string, budget: number, prefix: boolean): string[] {
  const out: string[] = [];
  for (const word of words) {
    const sameFirst = word[0] === query[0];
    const limit = sameFirst ? budget : budget >= 2 ? 1 : -1;
    const whole = osa(query, word);
    const best = Math.min(...Array.from({ length: word.length }, (_, n) => osa(query, word.slice(0, n + 1))));
    const typos = (distance: number) => (sameFirst ? distance : 2);
    if (whole >= 1 && whole <= limit) out.push(`${word}:${typos(whole)}:whole`);
    else if (prefix && best >= 1 && best <= limit) out.push(`${word}:${typos(best)}:prefix`);
  }
  return out.sort();
}

function found(words: string[], query: string, budget: number, prefix: boolean): string[] {
  const out: string[] = [];
  new TypoWords(words, 10).derive(query, budget, prefix, (term, typos, whole) => out.push(`${words[term - 10]}:${typos}:${whole ? 'whole' : 'prefix'}`));
  return out.sort();
}

describe('TypoWords', () => {
  const words = ['cardio', 'cardiology', 'cardiovascular', 'jefferson', 'kefferson', 'krajcik', 'krajewski', 'kraj', 'smith', 'smithe', 'smyth', 'mith', 'xsmith'].sort();

  it('counts a transposed pair as one typo', () => {
    expect(found(words, 'kracjik', 1, false)).toEqual(['krajcik:1:whole']);
    expect(found(words, 'cardoi', 1, true)).toEqual(expect.arrayContaining(['cardio:1:whole', 'cardiology:1:prefix', 'cardiovascular:1:prefix']));
  });

  it('keeps the first letter under a one-typo budget, and counts a first-letter change as two typos under two', () => {
    expect(found(words, 'smith', 1, false)).toEqual(['smithe:1:whole', 'smyth:1:whole']);
    expect(found(words, 'jefferson', 2, false)).toEqual(['kefferson:2:whole']);
    expect(found(words, 'jeffersno', 2, false)).toEqual(['jefferson:1:whole']);
  });

  it('finds nothing without a budget', () => {
    expect(found(words, 'smyth', 0, true)).toEqual([]);
  });

  it('agrees with the rules stated directly, over random words and queries', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (length: number) => Array.from({ length }, () => 'abcde'[next(5)]).join('');
    const dictionary = [...new Set(Array.from({ length: 400 }, () => word(1 + next(8))))].sort();
    for (let n = 0; n < 300; n++) {
      const query = word(2 + next(7));
      const budget = 1 + next(2);
      const prefix = next(2) === 0;
      expect([query, budget, prefix, found(dictionary, query, budget, prefix)]).toEqual([query, budget, prefix, expected(dictionary, query, budget, prefix)]);
    }
  });

  it('serves queries of any width after any other on one instance, as an index generation does', () => {
    const dictionary = ['ab', 'abcdefghijklmnopqrstuvwxyzabcdefghijklmn', 'xy', 'xyz'];
    const shared = new TypoWords(dictionary, 0);
    const derived = (query: string) => {
      const out: string[] = [];
      shared.derive(query, 1, true, (term, typos, whole) => out.push(`${dictionary[term]}:${typos}:${whole ? 'whole' : 'prefix'}`));
      return out.sort();
    };
    // A narrow query over a long word, then a wide one over short words only, then narrow again.
    const queries = ['ac', `xq${'y'.repeat(120)}`, 'xz', 'abcdefghijklmnopqrstuvwxyzabcdefghijklmm'];

    for (const query of queries) expect([query, derived(query)]).toEqual([query, found(dictionary, query, 1, true)]);
  });
});
