import { mapPractitioner } from './practitioner.mapper';
import { practitioner } from './testing/plan-net.factory';

describe('mapPractitioner', () => {
  it('reads npi, name, gender, languages and qualifications', () => {
    const fields = mapPractitioner(
      practitioner('p-1', {
        communication: [
          { coding: [{ system: 'urn:ietf:bcp:47', code: 'en', display: 'English' }] },
          { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }, { system: 'urn:ietf:bcp:47', code: 'es' }] },
          { coding: [{ code: 'ZH-CN' }] },
          { coding: [{ code: 'Spanish' }, { system: 'http://example.org/lang', code: 'fr' }] },
          { text: 'Portuguese' },
        ],
        qualification: [
          { code: { coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '207Q00000X' }], text: 'Family Medicine Physician' } },
          { code: { coding: [{ code: '207Q00000X', display: 'duplicate' }] } },
          { code: { text: 'no coding' } },
          'not a qualification',
        ],
      }),
    );
    expect(fields).toEqual({
      npi: '1234567893',
      name: 'Dr. Meg Nolan MD',
      familyName: 'Nolan',
      gender: 'female',
      languages: ['en', 'es', 'zh-CN'],
      qualifications: [{ code: '207Q00000X', display: 'Family Medicine Physician' }],
    });
  });

  it('stringifies an NPI published as a JSON number and skips other identifiers', () => {
    const fields = mapPractitioner(
      practitioner('p-2', {
        identifier: [
          { system: 'https://www.mass.gov/orgs', value: 895309 },
          { system: 'http://hl7.org/fhir/sid/us-npi', value: 1407071236 },
        ],
      }),
    );
    expect(fields.npi).toBe('1407071236');
  });

  it('prefers the published name text', () => {
    expect(mapPractitioner(practitioner('p-3', { name: [{ text: 'Susie Smith, LPC', family: 'Smith' }] })).name).toBe('Susie Smith, LPC');
  });

  it('reads what it can from a malformed Practitioner', () => {
    expect(
      mapPractitioner({
        resourceType: 'Practitioner',
        id: 'bad',
        identifier: 'npi',
        name: { family: 42, given: 'Ann' },
        gender: ['female'],
        communication: [null, { coding: 'en' }],
        qualification: { code: 7 },
      }),
    ).toEqual({ npi: null, name: 'Ann 42', familyName: '42', gender: null, languages: [], qualifications: [] });
  });
});
