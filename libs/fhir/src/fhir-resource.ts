/** The eight Provider Directory resource types of Da Vinci PDex Plan-Net, in harvest order. */
export const PLAN_NET_TYPES = [
  'Organization',
  'InsurancePlan',
  'Location',
  'HealthcareService',
  'Endpoint',
  'OrganizationAffiliation',
  'Practitioner',
  'PractitionerRole',
] as const;

export type PlanNetType = (typeof PLAN_NET_TYPES)[number];

export function isPlanNetType(value: unknown): value is PlanNetType {
  return typeof value === 'string' && (PLAN_NET_TYPES as readonly string[]).includes(value);
}

/**
 * A FHIR resource as harvested. Plan-Net resources are read through the narrow accessors in
 * this library rather than full generated types: payer data is too often invalid to trust them.
 */
export interface FhirResource {
  resourceType: string;
  id: string;
  meta?: { versionId?: string; lastUpdated?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface FhirReference {
  reference?: string;
  display?: string;
}
