import { ACCEPTING_PATIENTS, PLAN_NET_EXTENSION, type FhirResource, type PlanNetType } from '@pds/fhir';
import { type SeededRandom, WeightedPicker } from './seeded-random';

const IG = 'http://hl7.org/fhir/us/davinci-pdex-plan-net';

/** Code systems of Plan-Net and HL7 that generated resources use. */
export const SYSTEM = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  orgType: `${IG}/CodeSystem/OrgTypeCS`,
  providerRole: `${IG}/CodeSystem/ProviderRoleCS`,
  acceptingPatients: `${IG}/CodeSystem/AcceptingPatientsCS`,
  deliveryMethod: `${IG}/CodeSystem/DeliveryMethodCS`,
  languageProficiency: `${IG}/CodeSystem/LanguageProficiencyCS`,
  serviceCategory: `${IG}/CodeSystem/HealthcareServiceCategoryCS`,
  affiliationRole: `${IG}/CodeSystem/OrganizationAffiliationRoleCS`,
  insuranceProductType: `${IG}/CodeSystem/InsuranceProductTypeCS`,
  accessibility: `${IG}/CodeSystem/AccessibilityCS`,
  endpointConnectionType: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
  endpointPayloadType: `${IG}/CodeSystem/EndpointPayloadTypeCS`,
  endpointUsecase: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  usps: 'https://www.usps.com/',
} as const;

/** One date for every resource: a timestamp of "now" would make runs differ byte by byte. */
const LAST_UPDATED = '2024-06-01T00:00:00Z';

type Json = Record<string, unknown>;

/** A generated resource: FHIR JSON whose type the NDJSON writer files it under. */
export type GeneratedResource = FhirResource & { resourceType: PlanNetType };

/** Shared per profile: a million resources need not carry a million copies of the same meta. */
const metaByProfile = new Map<string, FhirResource['meta']>();

/** `resourceType`, `id` and `meta` with the Plan-Net profile, as the reference directory has them. */
export function header(resourceType: PlanNetType, id: string, profile: string = resourceType): GeneratedResource {
  let meta = metaByProfile.get(profile);
  if (!meta) {
    meta = { lastUpdated: LAST_UPDATED, profile: [`${IG}/StructureDefinition/plannet-${profile}`] };
    metaByProfile.set(profile, meta);
  }
  return { resourceType, id, meta };
}

export function reference(type: PlanNetType, id: string, display?: string): Json {
  return display === undefined ? { reference: `${type}/${id}` } : { reference: `${type}/${id}`, display };
}

export function concept(system: string, code: string, display?: string, text?: string): Json {
  const coding = display === undefined ? { system, code } : { system, code, display };
  return text === undefined ? { coding: [coding] } : { coding: [coding], text };
}

export function networkReference(id: string, name: string): Json {
  return { url: PLAN_NET_EXTENSION.networkReference, valueReference: reference('Organization', id, name) };
}

/** Codes of AcceptingPatientsCS with the share of practices answering each. */
const ACCEPTING_PATIENTS_MIX = new WeightedPicker(
  [
    { code: ACCEPTING_PATIENTS.newPatients, weight: 0.7 },
    { code: ACCEPTING_PATIENTS.existingOnly, weight: 0.12 },
    { code: ACCEPTING_PATIENTS.existingAndFamily, weight: 0.08 },
    { code: ACCEPTING_PATIENTS.noPatients, weight: 0.1 },
  ],
  (answer) => answer.weight,
);

/** An AcceptingPatientsCS code: most practices take new patients, some only existing ones. */
export function drawAcceptingPatients(random: SeededRandom): string {
  return ACCEPTING_PATIENTS_MIX.pick(random).code;
}

export function newPatientsExtension(code: string): Json {
  return {
    url: PLAN_NET_EXTENSION.newPatients,
    extension: [{ url: 'acceptingPatients', valueCodeableConcept: concept(SYSTEM.acceptingPatients, code) }],
  };
}

export function deliveryMethodExtension(code: 'physical' | 'virtual'): Json {
  const display = code === 'physical' ? 'Physical' : 'Virtual';
  return {
    url: PLAN_NET_EXTENSION.deliveryMethod,
    extension: [{ url: 'type', valueCodeableConcept: concept(SYSTEM.deliveryMethod, code, display) }],
  };
}

export function orgType(code: 'prvgrp' | 'payer' | 'ntwk' | 'fac', display: string): Json[] {
  return [concept(SYSTEM.orgType, code, display)];
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
