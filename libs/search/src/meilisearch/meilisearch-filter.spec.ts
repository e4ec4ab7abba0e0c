import { providerGroup } from './meilisearch-document';
import { buildFilter, formatNumber, geoBoundingBoxFilter, geoRadiusFilter, providerKeyFilter, quoteFilterValue } from './meilisearch-filter';

/** An id as the documents index it (idKey): hex of its UTF-8 bytes. */
const key = (value: string): string => Buffer.from(value, 'utf8').toString('hex');

describe('buildFilter', () => {
  it('is undefined when nothing restricts the search', () => {
    expect(buildFilter({})).toBeUndefined();
    expect(buildFilter({ filters: {} })).toBeUndefined();
  });

  it('ignores empty value lists, as the embedded adapter does', () => {
    expect(buildFilter({ filters: { specialties: [], networks: ['acme:net-1'] } })).toBe(`networkKeys = "${key('acme:net-1')}"`);
  });

  it('ORs values within a field and ANDs fields', () => {
    expect(buildFilter({ filters: { specialties: ['207Q00000X', '208D00000X'], plans: ['acme:plan-1'] } })).toBe(
      `(specialtyKeys = "${key('207Q00000X')}" OR specialtyKeys = "${key('208D00000X')}") AND planKeys = "${key('acme:plan-1')}"`,
    );
  });

  it('maps every filter to its flattened attribute', () => {
    const filter = buildFilter({
      filters: {
        specialties: ['s'],
        networks: ['a:n'],
        plans: ['a:p'],
        payers: ['a:y'],
        languages: ['l'],
        states: ['PA'],
        postalCodes: ['19102'],
        organizations: ['a:o'],
        kinds: ['pharmacy'],
        providerKeys: ['npi:1234567893'],
        serviceCategories: ['urg', 'lab'],
        gender: 'female',
        acceptingNewPatients: true,
        telehealth: false,
      },
    });
    expect(filter).toBe(
      [
        `specialtyKeys = "${key('s')}"`,
        `networkKeys = "${key('a:n')}"`,
        `planKeys = "${key('a:p')}"`,
        `payerKeys = "${key('a:y')}"`,
        'languageTags = "l"',
        'state = "PA"',
        'postalCode = "19102"',
        `organizationKey = "${key('a:o')}"`,
        'kind = "pharmacy"',
        `providerGroup = "${providerGroup('npi:1234567893')}"`,
        `(serviceCategoryKeys = "${key('urg')}" OR serviceCategoryKeys = "${key('lab')}")`,
        'gender = "female"',
        'acceptingNewPatients = true',
        'telehealth = false',
      ].join(' AND '),
    );
  });

  it('normalises languages to lower case and states to upper case, as documents are', () => {
    expect(buildFilter({ filters: { languages: ['ES-mx'], states: ['pa'] } })).toBe('languageTags = "es-mx" AND state = "PA"');
  });

  it('matches a bare FHIR id in every source: in the FHIR id attribute, and the scoped one of documents indexed before scoping', () => {
    expect(buildFilter({ filters: { networks: ['7', 'acme:8'] } })).toBe(
      `(networkKeys = "${key('7')}" OR networkFhirKeys = "${key('7')}" OR networkKeys = "${key('acme:8')}")`,
    );
    expect(buildFilter({ filters: { organizations: ['3'] } })).toBe(`(organizationKey = "${key('3')}" OR organizationFhirKey = "${key('3')}")`);
  });

  it('matches ids exactly: case variants are different keys', () => {
    expect(buildFilter({ filters: { networks: ['Net-A'] } })).not.toBe(buildFilter({ filters: { networks: ['net-a'] } }));
  });

  it('matches provider keys by their case-safe group and service categories by key', () => {
    expect(buildFilter({ filters: { providerKeys: ['npi:1'], serviceCategories: ['Pharmacy'] } })).toBe(
      `providerGroup = "${providerGroup('npi:1')}" AND serviceCategoryKeys = "${key('Pharmacy')}"`,
    );
  });

  it('adds a _geoRadius in meters when near is set', () => {
    expect(buildFilter({ filters: { plans: ['a:p'] }, near: { latitude: 39.95, longitude: -75.16, radiusKm: 2.5 } })).toBe(
      `planKeys = "${key('a:p')}" AND _geoRadius(39.95, -75.16, 2500)`,
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

describe('geoBoundingBoxFilter', () => {
  it('puts the north-east corner first, then the south-west one', () => {
    expect(geoBoundingBoxFilter({ north: 40.1, east: -75, south: 39.8, west: -75.3 })).toBe('_geoBoundingBox([40.1, -75], [39.8, -75.3])');
  });

  it('sends a box crossing the antimeridian as its two halves', () => {
    expect(geoBoundingBoxFilter({ north: -16, east: -179, south: -18, west: 179 })).toBe(
      '(_geoBoundingBox([-16, 180], [-18, 179]) OR _geoBoundingBox([-16, -179], [-18, -180]))',
    );
  });

  it('joins the other filters and a radius with AND', () => {
    const boundingBox = { north: 1, east: 2, south: 0, west: 1 };
    expect(buildFilter({ filters: { telehealth: true }, boundingBox, near: { latitude: 0.5, longitude: 1.5, radiusKm: 2 } })).toBe(
      'telehealth = true AND _geoRadius(0.5, 1.5, 2000) AND _geoBoundingBox([1, 2], [0, 1])',
    );
  });
});

describe('providerKeyFilter', () => {
  it('matches any of the keys by their case-safe group', () => {
    expect(providerKeyFilter(['npi:1', 'src|Practitioner/"x"'])).toBe(`providerGroup IN ["${providerGroup('npi:1')}", "${providerGroup('src|Practitioner/"x"')}"]`);
  });
});
