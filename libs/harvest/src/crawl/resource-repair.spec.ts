import { repairResource } from './resource-repair';

describe('repairResource', () => {
  it('makes a whole number in a string element its digits, and says so', () => {
    const organization = {
      resourceType: 'Organization',
      id: 'o1',
      identifier: [
        { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' },
        { system: 'http://i.made/this/up', value: 426637 },
      ],
      telecom: [{ system: 'phone', value: 8605551234 }],
    };

    const outcome = repairResource(organization, 'Organization');

    expect(outcome.resource).toEqual({
      ...organization,
      identifier: [organization.identifier[0], { system: 'http://i.made/this/up', value: '426637' }],
      telecom: [{ system: 'phone', value: '8605551234' }],
    });
    expect(outcome.repairs).toEqual([
      'Organization.identifier[1].value was the number 426637; FHIR wants a string: made "426637"',
      'Organization.telecom[0].value was the number 8605551234; FHIR wants a string: made "8605551234"',
    ]);
    expect(organization.identifier[1].value).toBe(426637);
  });

  it('leaves numbers alone where FHIR wants numbers', () => {
    const location = {
      resourceType: 'Location',
      id: 'l1',
      position: { latitude: 41.76, longitude: -72.68 },
      telecom: [{ system: 'phone', value: '860-555-1234', rank: 1 }],
      extension: [
        { url: 'http://example.org/score', valueInteger: 7 },
        { url: 'http://example.org/q', valueQuantity: { value: 2.5 } },
      ],
    };

    expect(repairResource(location, 'Location')).toEqual({ resource: location, repairs: [], unreadable: null });
  });

  it('restores the leading zeros of a ZIP published as a number, by the 5- and 9-digit rule', () => {
    const at = (postalCode: number) => repairResource({ resourceType: 'Location', id: 'l1', address: { postalCode } }, 'Location');

    expect(at(6510).resource).toEqual({ resourceType: 'Location', id: 'l1', address: { postalCode: '06510' } });
    expect(at(6510).repairs).toEqual([
      'Location.address.postalCode was the number 6510; FHIR wants a string: made "06510" (a 5-digit US ZIP: 1 leading zero restored)',
    ]);
    expect(at(65122001).resource?.address).toEqual({ postalCode: '065122001' });
    expect(at(65122001).repairs[0]).toMatch(/made "065122001" \(a 9-digit US ZIP: 1 leading zero restored\)$/);
    expect(at(19104).repairs).toEqual(['Location.address.postalCode was the number 19104; FHIR wants a string: made "19104"']);
    expect(at(123).resource?.address).toEqual({ postalCode: '00123' });
    expect(at(123).repairs[0]).toMatch(/2 leading zeros restored\)$/);
  });

  it('finds no meaning in a number that cannot be a ZIP or whose published digits are lost', () => {
    const at = (postalCode: number) => repairResource({ resourceType: 'Location', id: 'l1', address: { postalCode } }, 'Location');
    expect(at(1234567890)).toMatchObject({
      resource: null,
      unreadable: 'Location.address.postalCode is the number 1234567890, which no US ZIP can be',
    });
    expect(at(-6510).unreadable).toMatch(/which no US ZIP can be$/);

    const identifier = (json: string) =>
      repairResource({ resourceType: 'Practitioner', id: 'p1', identifier: [JSON.parse(`{"value":${json}}`)] }, 'Practitioner');
    // Past 2^53 JSON.parse has already rounded the number: the last digits published are gone.
    expect(identifier('12345678901234567890')).toMatchObject({
      resource: null,
      unreadable:
        'Practitioner.identifier[0].value is the number 12345678901234567000; FHIR requires a string, and the digits as published cannot be known',
    });
    expect(identifier('1.50').unreadable).toMatch(/is the number 1\.5; FHIR requires a string/);
  });

  it('makes a lone value where FHIR wants a list a list of one, then repairs inside it', () => {
    const practitioner = {
      resourceType: 'Practitioner',
      id: 'p1',
      identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: 1234567893 },
      name: { family: 'Lee', given: 'Ann' },
      qualification: [{ identifier: { value: 895309 }, code: { coding: { code: 'MD' } } }],
      extension: { url: 'http://example.org/x', valueString: 'y' },
    };

    const outcome = repairResource(practitioner, 'Practitioner');

    expect(outcome.resource).toEqual({
      resourceType: 'Practitioner',
      id: 'p1',
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
      name: [{ family: 'Lee', given: ['Ann'] }],
      qualification: [{ identifier: [{ value: '895309' }], code: { coding: [{ code: 'MD' }] } }],
      extension: [{ url: 'http://example.org/x', valueString: 'y' }],
    });
    expect(outcome.repairs).toEqual([
      'Practitioner.identifier was a single object; FHIR wants a list: made a list of one',
      'Practitioner.identifier[0].value was the number 1234567893; FHIR wants a string: made "1234567893"',
      'Practitioner.name was a single object; FHIR wants a list: made a list of one',
      'Practitioner.name[0].given was a single string; FHIR wants a list: made a list of one',
      'Practitioner.qualification[0].identifier was a single object; FHIR wants a list: made a list of one',
      'Practitioner.qualification[0].identifier[0].value was the number 895309; FHIR wants a string: made "895309"',
      'Practitioner.qualification[0].code.coding was a single object; FHIR wants a list: made a list of one',
      'Practitioner.extension was a single object; FHIR wants a list: made a list of one',
    ]);
  });

  it('wraps only a value of the kind the list holds: strings in a list of strings, objects in a list of elements', () => {
    const organization = { resourceType: 'Organization', id: 'o1', alias: 'Clinic', type: 'prov', endpoint: { reference: 'Endpoint/e1' } };
    const practitioner = { resourceType: 'Practitioner', id: 'p1', name: 'Dr Ann Lee', communication: 7 };

    expect(repairResource(organization, 'Organization')).toMatchObject({
      resource: { alias: ['Clinic'], type: 'prov', endpoint: [{ reference: 'Endpoint/e1' }] },
      repairs: [
        'Organization.alias was a single string; FHIR wants a list: made a list of one',
        'Organization.endpoint was a single object; FHIR wants a list: made a list of one',
      ],
    });
    expect(repairResource(practitioner, 'Practitioner')).toEqual({ resource: practitioner, repairs: [], unreadable: null });
  });

  it('keeps single elements single where FHIR defines them so, though the same key is a list elsewhere', () => {
    const role = {
      resourceType: 'PractitionerRole',
      id: 'r1',
      practitioner: { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } },
      code: [{ coding: [{ code: 'ph' }] }],
    };
    const location = { resourceType: 'Location', id: 'l1', name: 'Main St', address: { line: ['1 Main St'], city: 'Hartford' } };

    expect(repairResource(role, 'PractitionerRole').repairs).toEqual([]);
    expect(repairResource(location, 'Location').repairs).toEqual([]);
    const organization = { resourceType: 'Organization', id: 'o1', name: 'Clinic', address: { city: 'Hartford' } };
    expect(repairResource(organization, 'Organization')).toMatchObject({
      resource: { name: 'Clinic', address: [{ city: 'Hartford' }] },
      repairs: ['Organization.address was a single object; FHIR wants a list: made a list of one'],
    });
  });

  it('makes the strings "true" and "false" in a boolean element booleans, and nothing else', () => {
    const service = {
      resourceType: 'HealthcareService',
      id: 'h1',
      active: 'true',
      appointmentRequired: 'false',
      availableTime: [{ daysOfWeek: ['mon'], allDay: 'true' }],
      type: [{ coding: [{ code: 'pharm', userSelected: 'yes' }] }],
      name: 'true',
    };

    const outcome = repairResource(service, 'HealthcareService');

    expect(outcome.resource).toEqual({
      ...service,
      active: true,
      appointmentRequired: false,
      availableTime: [{ daysOfWeek: ['mon'], allDay: true }],
    });
    expect(outcome.repairs).toEqual([
      'HealthcareService.active was the string "true"; FHIR wants a boolean: made true',
      'HealthcareService.appointmentRequired was the string "false"; FHIR wants a boolean: made false',
      'HealthcareService.availableTime[0].allDay was the string "true"; FHIR wants a boolean: made true',
    ]);
  });

  it('returns the very input when nothing needed repair', () => {
    const role = { resourceType: 'PractitionerRole', id: 'r1', active: true, specialty: [{ coding: [{ code: '207Q00000X' }] }] };
    expect(repairResource(role, 'PractitionerRole').resource).toBe(role);
  });
});
