import { nearFromText, type SearchChoices, searchVariables, splitList, whatFromText } from './search-filter';

const choices = (over: Partial<SearchChoices>): SearchChoices => ({
  near: null, radiusMiles: 10, what: null, kinds: ['PRACTITIONER'], acceptingNewPatients: false, language: '', gender: '',
  telehealth: false, coverage: '', payers: [], networks: [], plans: [], ...over,
});

describe('the widget’s search filter', () => {
  it('reads a ZIP (ZIP+4 too) as a postal code and anything else as a place', () => {
    expect(nearFromText(' 06103 ')).toEqual({ postalCode: '06103' });
    expect(nearFromText('06103-1234')).toEqual({ postalCode: '06103-1234' });
    expect(nearFromText('Hartford, CT')).toEqual({ place: 'Hartford, CT' });
    expect(nearFromText('  ')).toBeNull();
  });

  it('reads a NUCC code as a specialty and other words as text', () => {
    expect(whatFromText('207Q00000X')).toEqual({ specialty: '207Q00000X' });
    expect(whatFromText('heart doctor')).toEqual({ text: 'heart doctor' });
  });

  it('sorts by distance only with a place, and sends only the filters chosen', () => {
    expect(searchVariables(choices({}))).toEqual({ filter: { kinds: ['PRACTITIONER'] }, sort: 'RELEVANCE' });
    expect(
      searchVariables(choices({ near: { place: 'Hartford, CT' }, radiusMiles: 25, what: { specialty: '207Q00000X' }, language: 'es', telehealth: true })),
    ).toEqual({
      filter: { kinds: ['PRACTITIONER'], near: { place: 'Hartford, CT', radiusMiles: 25 }, specialties: ['207Q00000X'], languages: ['es'], telehealth: true },
      sort: 'DISTANCE',
    });
  });

  it('keeps the embedder’s payers, networks and plans and adds the person’s network or plan to them', () => {
    const locked = choices({ payers: ['p1'], networks: ['n1'], coverage: 'plan:pl:2' });
    expect(searchVariables(locked).filter).toEqual({ kinds: ['PRACTITIONER'], payers: ['p1'], networks: ['n1'], plans: ['pl:2'] });
    expect(searchVariables(choices({ coverage: 'network:n2' })).filter).toEqual({ kinds: ['PRACTITIONER'], networks: ['n2'] });
    expect(splitList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
  });
});
