const BASE = 'http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/';

/** Canonical URLs of the Plan-Net extensions this service reads or will read. */
export const PLAN_NET_EXTENSION = {
  networkReference: `${BASE}network-reference`,
  newPatients: `${BASE}newpatients`,
  deliveryMethod: `${BASE}delivery-method`,
  communicationProficiency: `${BASE}communication-proficiency`,
  /** On PractitionerRole, Organization, OrganizationAffiliation (Practitioner has its own, below). */
  qualification: `${BASE}qualification`,
  practitionerQualification: `${BASE}practitioner-qualification`,
  locationReference: `${BASE}location-reference`,
  viaIntermediary: `${BASE}via-intermediary`,
  contactPointAvailableTime: `${BASE}contactpoint-availabletime`,
  accessibility: `${BASE}accessibility`,
  endpointUsecase: `${BASE}endpoint-usecase`,
  orgDescription: `${BASE}org-description`,
} as const;

/**
 * Codes of the `acceptingPatients` part of `newpatients` (AcceptingPatientsCS). Only `newpt`
 * means open to new patients; `existptonly` and `existptfam` accept existing patients only.
 */
export const ACCEPTING_PATIENTS = {
  newPatients: 'newpt',
  noPatients: 'nopt',
  existingOnly: 'existptonly',
  existingAndFamily: 'existptfam',
} as const;

/** Code of the `type` part of `delivery-method` (DeliveryMethodCS) that means telehealth. */
export const VIRTUAL_DELIVERY = 'virtual';

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Extensions of an element (or resource) with the given URL; tolerant of malformed data. */
export function findExtensions(element: unknown, url: string): Json[] {
  if (!isJson(element) || !Array.isArray(element.extension)) return [];
  return element.extension.filter((extension): extension is Json => isJson(extension) && extension.url === url);
}

function codesOf(concept: unknown): string[] {
  if (!isJson(concept) || !Array.isArray(concept.coding)) return [];
  return concept.coding.flatMap((coding: unknown) =>
    isJson(coding) && typeof coding.code === 'string' ? [coding.code] : [],
  );
}

/** Codes of the `valueCodeableConcept` of the named parts of complex extensions. */
function partCodes(extensions: Json[], part: string): string[] {
  return extensions.flatMap((extension) =>
    findExtensions(extension, part).flatMap((sub) => codesOf(sub.valueCodeableConcept)),
  );
}

/** The Network references (`valueReference`) of an element's `network-reference` extensions. */
export function networkReferences(element: unknown): Json[] {
  return findExtensions(element, PLAN_NET_EXTENSION.networkReference).flatMap((extension) =>
    isJson(extension.valueReference) ? [extension.valueReference] : [],
  );
}

/** The Location references (`valueReference`) of an element's `location-reference` extensions. */
export function locationReferences(element: unknown): Json[] {
  return findExtensions(element, PLAN_NET_EXTENSION.locationReference).flatMap((extension) =>
    isJson(extension.valueReference) ? [extension.valueReference] : [],
  );
}

/**
 * Whether an element's `newpatients` extensions say it accepts new patients: true if any says
 * `newpt`, false if any other code is given, null when none can be read. `newpatients` may
 * repeat per `fromNetwork`; a search filter "accepting new patients" wants "for some network".
 */
export function acceptingNewPatients(element: unknown): boolean | null {
  const codes = partCodes(findExtensions(element, PLAN_NET_EXTENSION.newPatients), 'acceptingPatients');
  if (codes.length === 0) return null;
  return codes.includes(ACCEPTING_PATIENTS.newPatients);
}

/** The `type` codes of an element's `delivery-method` extensions (`physical`, `virtual`). */
export function deliveryMethods(element: unknown): string[] {
  return partCodes(findExtensions(element, PLAN_NET_EXTENSION.deliveryMethod), 'type');
}

/** The LanguageProficiencyCS code of a `Practitioner.communication` entry, or null. */
export function communicationProficiency(communication: unknown): string | null {
  const codes = findExtensions(communication, PLAN_NET_EXTENSION.communicationProficiency).flatMap((extension) =>
    codesOf(extension.valueCodeableConcept),
  );
  return codes[0] ?? null;
}
