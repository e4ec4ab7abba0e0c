import { providerDocument } from '../testing/provider-document.factory';
import { TextIndex, typoBudget } from './text.index';

describe('typoBudget', () => {
  it.each([
    ['card', 0],
    ['cardi', 1],
    ['cardiolog', 2],
    ['1234567893', 0],
    ['19104', 0],
  ])('allows %s %i typo(s)', (term, budget) => {
    expect(typoBudget(term)).toBe(budget);
  });
});

describe('TextIndex', () => {
  it('ignores diacritics and case', () => {
    const text = TextIndex.empty();
    text.put(providerDocument({ id: 'jose', name: 'José Núñez', familyName: 'Núñez' }));
    expect(text.search('jose nunez').ids).toEqual(['jose']);
    expect(text.search('NÚÑEZ').ids).toEqual(['jose']);
  });

  it('replaces and removes by id, and survives a JSON round trip', () => {
    const text = TextIndex.empty();
    text.put(providerDocument({ id: 'x', name: 'Ada Byron' }));
    text.put(providerDocument({ id: 'x', name: 'Ada Lovelace' }));
    text.put(providerDocument({ id: 'y', name: 'Grace Hopper' }));
    text.remove('y');
    text.remove('never-added');
    const restored = TextIndex.fromJSON(text.toJSON());
    expect(restored.search('byron').ids).toEqual([]);
    expect(restored.search('lovelace').ids).toEqual(['x']);
    expect(restored.search('hopper').ids).toEqual([]);
  });

  it('treats blank or punctuation-only text as no text', () => {
    expect(TextIndex.isBlank(undefined)).toBe(true);
    expect(TextIndex.isBlank('  ,; ')).toBe(true);
    expect(TextIndex.isBlank(' a ')).toBe(false);
  });
});
