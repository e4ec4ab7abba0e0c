import { isScopedId, matchesId, scopedId, sourceIdOf } from './scoped-id';

describe('scoped ids', () => {
  it('joins a source id and a FHIR id with ":" and splits them at the first one', () => {
    expect(scopedId('acme', '123')).toBe('acme:123');
    expect(sourceIdOf('acme:123')).toBe('acme');
    expect(sourceIdOf('123')).toBeNull();
    expect(isScopedId('acme:123')).toBe(true);
    expect(isScopedId('plannet-organization-1.2')).toBe(false);
  });

  it('matches a scoped value to that id only, a bare value to the FHIR id in any source', () => {
    expect(matchesId('acme:123', 'acme:123')).toBe(true);
    expect(matchesId('acme:123', 'bravo:123')).toBe(false);
    expect(matchesId('acme:123', '123')).toBe(true);
    expect(matchesId('acme:123', '12')).toBe(false);
    // An id indexed before scoping is its bare FHIR id.
    expect(matchesId('123', '123')).toBe(true);
    expect(matchesId('123', 'acme:123')).toBe(false);
  });
});
