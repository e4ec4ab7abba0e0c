import { FACET_FIELDS } from '../search-query';
import { buildFilter } from './meilisearch-filter';
import { FACET_ATTRIBUTES } from './meilisearch-search-request';
import { loadLayTerms } from '../synonyms/synonyms';
import { meilisearchSettings } from './meilisearch-settings';

const MEILISEARCH_SETTINGS = meilisearchSettings(loadLayTerms());

describe('meilisearchSettings', () => {
  it('makes every attribute a filter or a facet uses filterable', () => {
    const filter = buildFilter({
      filters: {
        specialties: ['x'],
        networks: ['x'],
        plans: ['x'],
        payers: ['x'],
        languages: ['x'],
        states: ['x'],
        postalCodes: ['x'],
        organizations: ['x'],
        kinds: ['practitioner'],
        providerKeys: ['x'],
        serviceCategories: ['x'],
        gender: 'x',
        acceptingNewPatients: true,
        telehealth: true,
      },
      near: { latitude: 1, longitude: 1, radiusKm: 1 },
    });
    const filtered = [...(filter ?? '').matchAll(/(\w+) = /g)].map((match) => match[1]);
    const faceted = FACET_FIELDS.map((field) => FACET_ATTRIBUTES[field]);
    // providerGroup: the distinct attribute of grouped searches, and their later requests' filter.
    expect(MEILISEARCH_SETTINGS.filterableAttributes).toEqual(expect.arrayContaining([...filtered, ...faceted, 'providerGroup', '_geo']));
  });

  it('sorts by id key and position, the sort rule ahead of text relevance, ties by id key last', () => {
    expect(MEILISEARCH_SETTINGS.sortableAttributes).toEqual(['idKey', '_geo']);
    expect(MEILISEARCH_SETTINGS.rankingRules?.[0]).toBe('sort');
    expect(MEILISEARCH_SETTINGS.rankingRules?.at(-1)).toBe('idKey:asc');
  });

  it('cuts searches short after a second (the adapter refuses a cut-short answer)', () => {
    expect(MEILISEARCH_SETTINGS.searchCutoffMs).toBe(1_000);
  });

  it('searches names, specialties, NPI, services, organization and place, never the stored document', () => {
    expect(MEILISEARCH_SETTINGS.searchableAttributes).toEqual([
      'name',
      'familyName',
      'specialtyDisplays',
      'npi',
      'serviceDisplays',
      'organizationName',
      'locationName',
      'city',
      'postalCode',
    ]);
  });

  it('allows one typo from 5 letters, two from 9, none in NPIs or numbers', () => {
    expect(MEILISEARCH_SETTINGS.typoTolerance).toEqual({
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      disableOnAttributes: ['npi'],
      disableOnNumbers: true,
    });
  });

  it('counts totals exhaustively well past a page and returns every facet value', () => {
    expect(MEILISEARCH_SETTINGS.pagination?.maxTotalHits).toBeGreaterThanOrEqual(1_000_000);
    expect(MEILISEARCH_SETTINGS.faceting?.maxValuesPerFacet).toBeGreaterThanOrEqual(10_000);
  });

  it('sends the lay terms as one-way synonyms, from the shipped list or a given one', () => {
    expect(MEILISEARCH_SETTINGS.synonyms?.['heart doctor']).toEqual(['cardiovascular', 'cardiology']);
    expect(MEILISEARCH_SETTINGS.synonyms?.['obgyn']).toEqual(['obstetrics gynecology']);
    expect(meilisearchSettings({ 'Tooth Doc': ['dentist'] }).synonyms).toEqual({ 'tooth doc': ['dentist'] });
  });
});
