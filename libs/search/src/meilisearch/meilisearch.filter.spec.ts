import { buildFilter, formatNumber, geoRadiusFilter, quoteFilterValue } from './meilisearch.filter';

describe('buildFilter', () => {
  it('is undefined when nothing restricts the search', () => {
    expect(buildFilter({})).toBeUndefined();
    expect(buildFilter({ filters: {} })).toBeUndefined();
  });

  it('ignores empty value lists, as the embedded adapter does', () => {
    expect(buildFilter({ filters: { specialties: [], networks: ['net-1'] } })).toBe('networkIds = "net-1"');
  });

  it('ORs values within a field and ANDs fields', () => {
    expect(buildFilter({ filters: { specialties: ['207Q00000X', '208D00000X'], plans: ['plan-1'] } })).toBe(
      '(specialtyCodes = "207Q00000X" OR specialtyCodes = "208D00000X") AND planIds = "plan-1"',
    );
  });

  it('maps every filter to its flattened attribute', () => {
    const filter = buildFilter({
      filters: {
        specialties: ['s'],
        networks: ['n'],
        plans: ['p'],
        payers: ['y'],
        languages: ['l'],
        states: ['PA'],
        postalCodes: ['19102'],
        organizations: ['o'],
        kinds: ['pharmacy'],
        gender: 'female',
        acceptingNewPatients: true,
        telehealth: false,
      },
    });
    expect(filter).toBe(
      [
        'specialtyCodes = "s"',
        'networkIds = "n"',
        'planIds = "p"',
        'payerIds = "y"',
        'languageTags = "l"',
        'state = "PA"',
        'postalCode = "19102"',
        'organizationId = "o"',
        'kind = "pharmacy"',
        'gender = "female"',
        'acceptingNewPatients = true',
        'telehealth = false',
      ].join(' AND '),
    );
  });

  it('normalises languages to lower case and states to upper case, as documents are', () => {
    expect(buildFilter({ filters: { languages: ['ES-mx'], states: ['pa'] } })).toBe('languageTags = "es-mx" AND state = "PA"');
  });

  it('adds a _geoRadius in meters when near is set', () => {
    expect(buildFilter({ filters: { plans: ['p'] }, near: { latitude: 39.95, longitude: -75.16, radiusKm: 2.5 } })).toBe(
      'planIds = "p" AND _geoRadius(39.95, -75.16, 2500)',
    );
  });
});

describe('quoteFilterValue', () => {
  it('escapes backslashes, then quotes, so values cannot break out of the string', () => {
    expect(quoteFilterValue('plain')).toBe('"plain"');
    expect(quoteFilterValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteFilterValue('a\\"b')).toBe('"a\\\\\\"b"');
    expect(quoteFilterValue('x" OR id EXISTS OR y = "')).toBe('"x\\" OR id EXISTS OR y = \\""');
  });
});

describe('formatNumber / geoRadiusFilter', () => {
  it('never uses exponent notation', () => {
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(-2.5e-8)).toBe('-0.000000025');
    expect(formatNumber(12.75)).toBe('12.75');
    expect(geoRadiusFilter({ latitude: 0.0000001, longitude: 0, radiusKm: 0.0001 })).toBe('_geoRadius(0.0000001, 0, 0.1)');
  });
});
