import { PLAN_NET_EXTENSION, type FhirResource } from '@pds/fhir';

/** Hand-made Plan-Net resources for unit tests: sensible defaults, overridden per test. */

type Overrides = Partial<FhirResource> & Record<string, unknown>;

export const ref = (reference: string, display?: string) => (display ? { reference, display } : { reference });

export function newPatientsExtension(code: string) {
  return {
    url: PLAN_NET_EXTENSION.newPatients,
    extension: [{ url: 'acceptingPatients', valueCodeableConcept: { coding: [{ code }] } }],
  };
}

export function deliveryMethodExtension(code: 'physical' | 'virtual') {
  return {
    url: PLAN_NET_EXTENSION.deliveryMethod,
    extension: [{ url: 'type', valueCodeableConcept: { coding: [{ code }] } }],
  };
}

export function networkExtension(reference: string, display?: string) {
  return { url: PLAN_NET_EXTENSION.networkReference, valueReference: ref(reference, display) };
}

export function practitioner(id: string, overrides: Overrides = {}): FhirResource {
  return {
    resourceType: 'Practitioner',
    id,
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
    name: [{ family: 'Nolan', given: ['Meg'], prefix: ['Dr.'], suffix: ['MD'] }],
    gender: 'female',
    // The home address: never a practice site.
    address: [{ city: 'Denver', state: 'CO', extension: [] }],
    communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] }],
    ...overrides,
  };
}

export function practitionerRole(id: string, overrides: Overrides = {}): FhirResource {
  return {
    resourceType: 'PractitionerRole',
    id,
    practitioner: ref('Practitioner/p-1', 'Meg Nolan'),
    organization: ref('Organization/clinic', 'Clinic'),
    location: [ref('Location/hartford')],
    specialty: [
      {
        coding: [
          { system: 'http://nucc.org/provider-taxonomy', code: '207Q00000X', display: 'Family Medicine Physician' },
        ],
      },
    ],
    extension: [networkExtension('Organization/net-ct', 'CT Network')],
    ...overrides,
  };
}

export function location(id: string, overrides: Overrides = {}): FhirResource {
  return {
    resourceType: 'Location',
    id,
    name: `Location ${id}`,
    address: { line: ['80 Seymour St'], city: 'Hartford', state: 'CT', postalCode: '06106-5037' },
    position: { latitude: 41.7544, longitude: -72.6833 },
    telecom: [{ system: 'phone', value: '860-545-5000' }],
    ...overrides,
  };
}

export function organization(id: string, overrides: Overrides = {}): FhirResource {
  return { resourceType: 'Organization', id, name: `Organization ${id}`, ...overrides };
}

export function network(id: string, payerId: string, overrides: Overrides = {}): FhirResource {
  return organization(id, {
    type: [{ coding: [{ system: 'http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/OrgTypeCS', code: 'ntwk' }] }],
    partOf: ref(`Organization/${payerId}`),
    ...overrides,
  });
}

export function healthcareService(id: string, overrides: Overrides = {}): FhirResource {
  return { resourceType: 'HealthcareService', id, ...overrides };
}

export function insurancePlan(id: string, overrides: Overrides = {}): FhirResource {
  return { resourceType: 'InsurancePlan', id, name: `Plan ${id}`, ...overrides };
}
