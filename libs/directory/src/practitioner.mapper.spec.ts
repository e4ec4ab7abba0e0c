import { mapPractitioner } from './practitioner.mapper';
import { practitioner } from '@pds/directory/testing';

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
          {
            extension: [
              {
                url: 'http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/practitioner-qualification',
                extension: [
                  { url: 'status', valueCode: 'active' },
                  { url: 'whereValid', valueCodeableConcept: { coding: [{ system: 'https://www.usps.com/', code: 'ct' }] } },
                ],
              },
            ],
            identifier: [{ value: 'MD.047823' }],
            code: { coding: [{ code: 'MD', display: 'Doctor of Medicine' }] },
            issuer: { display: 'State of Connecticut' },
            period: { start: '2011-07-01', end: '2027-06-30' },
          },
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
      qualifications: [
        { code: '207Q00000X', display: 'Family Medicine Physician', issuer: null, identifier: null, status: null, whereValid: [], periodStart: null, periodEnd: null },
        {
          code: 'MD',
          display: 'Doctor of Medicine',
          issuer: 'State of Connecticut',
          identifier: 'MD.047823',
          status: 'active',
          whereValid: ['CT'],
          periodStart: '2011-07-01',
          periodEnd: '2027-06-30',
        },
      ],
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
