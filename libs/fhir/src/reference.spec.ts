import type { FhirResource } from './fhir-resource';
import { parseLiteralReference, resolveReference } from './reference';

const role: FhirResource = {
  resourceType: 'PractitionerRole',
  id: 'role-1',
  contained: [
    { resourceType: 'Location', id: 'loc1', name: 'Contained clinic' },
    'not a resource',
    { id: 'no-type' },
  ],
};

const aliases: Record<string, string> = {
  'urn:uuid:0b7c9d4e-1111-4a4a-9c9c-000000000001': 'Practitioner/p-1',
  'https://payer.example/fhir/Location/renamed': 'Location/loc-7',
};
const lookupAlias = async (url: string): Promise<string | null> => aliases[url] ?? null;

describe('parseLiteralReference', () => {
  it.each([
    ['Practitioner/p-1', { type: 'Practitioner', id: 'p-1' }],
    ['Practitioner/p-1/_history/3', { type: 'Practitioner', id: 'p-1' }],
    ['https://payer.example/fhir/R4/Location/loc.2', { type: 'Location', id: 'loc.2' }],
    ['https://payer.example/fhir/Location/loc-2/_history/12', { type: 'Location', id: 'loc-2' }],
  ])('reads %s', (value, expected) => {
    expect(parseLiteralReference(value)).toEqual(expected);
  });

  it.each(['', 'Practitioner', 'practitioner/p-1', 'Practitioner?identifier=123', 'urn:uuid:abc', 'https://', 'Location/bad id'])(
    'rejects %p',
    (value) => {
      expect(parseLiteralReference(value)).toBeNull();
    },
  );
});

describe('resolveReference', () => {
  it('resolves a relative reference without asking the aliases', async () => {
    const lookup = jest.fn(lookupAlias);
    await expect(resolveReference({ reference: 'Organization/o-1', display: 'Org' }, role, lookup)).resolves.toEqual({
      type: 'Organization',
      id: 'o-1',
    });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('resolves an absolute URL to its last Type/id segments', async () => {
    await expect(
      resolveReference({ reference: 'https://payer.example/base/fhir/Location/loc-3/_history/2' }, role, lookupAlias),
    ).resolves.toEqual({ type: 'Location', id: 'loc-3' });
  });

  it('prefers an alias recorded for an absolute URL', async () => {
    await expect(
      resolveReference({ reference: 'https://payer.example/fhir/Location/renamed' }, role, lookupAlias),
    ).resolves.toEqual({ type: 'Location', id: 'loc-7' });
  });

  it('returns the contained resource for #id', async () => {
    const resolved = await resolveReference({ reference: '#loc1' }, role);
    expect(resolved).toEqual({ type: 'Location', id: 'loc1', resource: role.contained && (role.contained as unknown[])[0] });
  });

  it('returns the referrer itself for a bare #', async () => {
    await expect(resolveReference({ reference: '#' }, role)).resolves.toMatchObject({ id: 'role-1', resource: role });
  });

  it('resolves urn:uuid through the aliases only', async () => {
    const urn = { reference: 'urn:uuid:0b7c9d4e-1111-4a4a-9c9c-000000000001' };
    await expect(resolveReference(urn, role, lookupAlias)).resolves.toEqual({ type: 'Practitioner', id: 'p-1' });
    await expect(resolveReference(urn, role)).resolves.toBeNull();
    await expect(resolveReference({ reference: 'urn:uuid:unknown' }, role, lookupAlias)).resolves.toBeNull();
  });

  it.each([
    [undefined],
    [null],
    ['Practitioner/p-1'],
    [{}],
    [{ reference: 42 }],
    [{ reference: '  ' }],
    [{ reference: '#missing' }],
    [{ reference: '#no-type' }],
    [{ identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } }],
  ])('gives null for unreadable %p', async (reference) => {
    await expect(resolveReference(reference, role, lookupAlias)).resolves.toBeNull();
  });

  it('gives null for a contained reference without a referrer', async () => {
    await expect(resolveReference({ reference: '#loc1' }, null)).resolves.toBeNull();
  });
});
