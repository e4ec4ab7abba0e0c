import type { PlanNetType } from '@pds/fhir';

type JsonObject = Record<string, unknown>;

/** Keys whose value FHIR defines as a string (or a list of them). */
const STRING_KEYS = new Set([
  'id', 'reference', 'system', 'code', 'family', 'given', 'prefix', 'suffix', 'city', 'state', 'postalCode',
  'line', 'district', 'country', 'display', 'url', 'lastUpdated', 'versionId', 'name', 'status', 'gender',
]);
/** Parents whose `value` is a string (Identifier, ContactPoint); elsewhere `value` may be a number. */
const STRING_VALUE_PARENTS = new Set(['identifier', 'telecom']);

/** Keys FHIR R4 defines as boolean wherever they occur in the Plan-Net types and their data types. */
const BOOLEAN_KEYS = new Set(['active', 'allDay', 'appointmentRequired', 'userSelected', 'valueBoolean']);

/** Data-type elements that are lists (0..*) wherever they occur: Element, CodeableConcept, HumanName, Address, ContactPoint owners. */
const LIST_KEYS = new Set(['extension', 'modifierExtension', 'coding', 'telecom', 'given', 'prefix', 'suffix', 'line']);
/** The lists among these and below whose items are strings (or codes); the others' items are objects. */
const PRIMITIVE_LIST_KEYS = new Set(['given', 'prefix', 'suffix', 'line', 'alias', 'daysOfWeek', 'payloadMimeType', 'header']);

/**
 * The 0..* elements of each Plan-Net type in FHIR R4, from the resource down. A key alone does
 * not tell: `identifier` is a single Identifier in a Reference, `address` a single Address on a
 * Location, `name` a string on an Organization, `code` a string in a Coding.
 */
const LIST_ELEMENTS: Record<PlanNetType, string> = {
  Practitioner: 'identifier name address photo qualification qualification.identifier communication',
  PractitionerRole:
    'identifier code specialty location healthcareService availableTime availableTime.daysOfWeek notAvailable endpoint',
  Organization: 'identifier type alias address contact endpoint',
  OrganizationAffiliation: 'identifier network code specialty location healthcareService endpoint',
  Location: 'identifier alias type hoursOfOperation hoursOfOperation.daysOfWeek endpoint',
  HealthcareService:
    'identifier category type specialty location coverageArea serviceProvisionCode eligibility program characteristic ' +
    'communication referralMethod availableTime availableTime.daysOfWeek notAvailable endpoint',
  InsurancePlan:
    'identifier type alias coverageArea contact endpoint network coverage coverage.network plan plan.network plan.coverageArea',
  Endpoint: 'identifier contact payloadType payloadMimeType header',
};
const LIST_PATHS = new Set(
  Object.entries(LIST_ELEMENTS).flatMap(([type, paths]) => paths.split(' ').map((path) => `${type}.${path}`)),
);

export type RepairOutcome =
  | { resource: JsonObject; repairs: string[]; unreadable: null }
  | { resource: null; repairs: string[]; unreadable: string };

/** Where the walk is: the path with indices (for reasons), without them (for the list table), the key and its parent's. */
interface Site {
  path: string;
  schema: string;
  key: string;
  parentKey: string;
}

/** A value of the wrong JSON type whose meaning is not plain: the resource cannot be kept. */
class Unreadable extends Error {}

/**
 * Puts right the JSON types a publisher got wrong when the meaning is plain, saying what it
 * changed: a whole number in a string element becomes its digits (a ZIP its five or nine, its
 * leading zeros restored), a lone value where FHIR wants a list becomes a list of one, and the
 * strings "true" and "false" in a boolean element become booleans. A number whose digits as
 * published cannot be known (a fraction: 1.50 parses as 1.5; past 2^53: parsing rounded it) or a
 * number no ZIP can be is unreadable. The input is not changed; a repaired resource is a copy.
 */
export function repairResource(resource: JsonObject, type: PlanNetType): RepairOutcome {
  const repairs: string[] = [];
  try {
    const repaired = repairObject(resource, { path: type, schema: type, key: '', parentKey: '' }, repairs);
    return { resource: repaired, repairs, unreadable: null };
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    return { resource: null, repairs, unreadable: error.message };
  }
}

function repairObject(object: JsonObject, at: Site, repairs: string[]): JsonObject {
  let copy: JsonObject | null = null;
  for (const [key, child] of Object.entries(object)) {
    const site = { path: `${at.path}.${key}`, schema: `${at.schema}.${key}`, key, parentKey: at.key };
    const repaired = repairElement(child, site, repairs);
    if (repaired !== child) (copy ??= { ...object })[key] = repaired;
  }
  return copy ?? object;
}

function repairElement(value: unknown, site: Site, repairs: string[]): unknown {
  if (Array.isArray(value)) return repairItems(value, site, repairs);
  const list = LIST_KEYS.has(site.key) || LIST_PATHS.has(site.schema);
  const kind = typeof value === 'object' ? 'object' : typeof value;
  // Only an item of the list's own kind is plain: a string where a list of HumanNames belongs is not one HumanName.
  const itemLike = PRIMITIVE_LIST_KEYS.has(site.key) ? kind === 'string' || kind === 'number' : kind === 'object';
  if (value === null || !list || !itemLike) return repairValue(value, site, repairs);
  repairs.push(`${site.path} was a single ${kind}; FHIR wants a list: made a list of one`);
  return repairItems([value], site, repairs);
}

function repairItems(items: unknown[], site: Site, repairs: string[]): unknown[] {
  let copy: unknown[] | null = null;
  items.forEach((item, index) => {
    const repaired = repairValue(item, { ...site, path: `${site.path}[${index}]` }, repairs);
    if (repaired !== item) (copy ??= [...items])[index] = repaired;
  });
  return copy ?? items;
}

function repairValue(value: unknown, site: Site, repairs: string[]): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return repairObject(value as JsonObject, site, repairs);
  const mustBeString = STRING_KEYS.has(site.key) || (site.key === 'value' && STRING_VALUE_PARENTS.has(site.parentKey));
  if (typeof value === 'number' && mustBeString) return stringFor(value, site, repairs);
  if ((value === 'true' || value === 'false') && BOOLEAN_KEYS.has(site.key)) {
    repairs.push(`${site.path} was the string "${value}"; FHIR wants a boolean: made ${value}`);
    return value === 'true';
  }
  return value;
}

function stringFor(value: number, site: Site, repairs: string[]): string {
  if (!Number.isSafeInteger(value)) {
    throw new Unreadable(`${site.path} is the number ${value}; FHIR requires a string, and the digits as published cannot be known`);
  }
  const digits = String(value);
  if (site.key !== 'postalCode') {
    repairs.push(`${site.path} was the number ${digits}; FHIR wants a string: made "${digits}"`);
    return digits;
  }
  // A ZIP written as a number has lost its leading zeros (all of New England's): five digits, or nine for ZIP+4.
  if (value < 0 || digits.length > 9) throw new Unreadable(`${site.path} is the number ${digits}, which no US ZIP can be`);
  const zip = digits.padStart(digits.length > 5 ? 9 : 5, '0');
  const restored = zip.length - digits.length;
  const padding = restored > 0 ? ` (a ${zip.length}-digit US ZIP: ${restored} leading zero${restored > 1 ? 's' : ''} restored)` : '';
  repairs.push(`${site.path} was the number ${digits}; FHIR wants a string: made "${zip}"${padding}`);
  return zip;
}
