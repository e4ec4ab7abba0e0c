import { findExtensions, PLAN_NET_EXTENSION, type FhirResource } from '@pds/fhir';
import type { Coded, EndpointRef, OfficeHours } from '@pds/search';
import type { DirectoryContext } from './directory-context';
import { asArray, asObject, asText, codings, distinctBy } from './fhir-json-reader';

/** Plan-Net AccessibilityCS displays, for codings published without one. */
const ACCESSIBILITY_DISPLAY: Readonly<Record<string, string>> = {
  handiaccess: 'handicap accessible',
  adacomp: 'ADA compliant',
  pubtrans: 'public transit options',
  cultcomp: 'cultural competence',
};

/**
 * Office hours from a role's `availableTime` (or a Location's `hoursOfOperation`, the same
 * shape without the `available` prefix). A row without days applies to no day and is dropped.
 */
export function officeHours(times: unknown): OfficeHours[] {
  return asArray(times).flatMap((item) => {
    const time = asObject(item);
    const daysOfWeek = asArray(time?.daysOfWeek).flatMap((day) => asText(day)?.toLowerCase() ?? []);
    if (!time || daysOfWeek.length === 0) return [];
    const allDay = time.allDay === true;
    return [
      {
        daysOfWeek,
        allDay,
        opens: allDay ? null : (asText(time.availableStartTime) ?? asText(time.openingTime)),
        closes: allDay ? null : (asText(time.availableEndTime) ?? asText(time.closingTime)),
      },
    ];
  });
}

/** The Plan-Net accessibility codes of a Location. */
export function accessibility(location: FhirResource): Coded[] {
  const coded = findExtensions(location, PLAN_NET_EXTENSION.accessibility).flatMap((extension) =>
    codings(extension.valueCodeableConcept).map(({ code, display }) => ({ code, display: display ?? ACCESSIBILITY_DISPLAY[code] ?? null })),
  );
  return distinctBy(coded, (item) => item.code);
}

/** The readable Endpoints some resources reference (a dangling one has nothing to connect to). */
export async function endpointsOf(context: DirectoryContext, resources: readonly FhirResource[]): Promise<EndpointRef[]> {
  // Most roles and locations name none: no promise per document for them.
  if (!resources.some((resource) => resource.endpoint !== undefined)) return [];
  const targets = await Promise.all(
    resources.flatMap((resource) => asArray(resource.endpoint).map((reference) => context.target(reference, resource, 'Endpoint'))),
  );
  const endpoints = targets.flatMap((target) => {
    const endpoint = target?.resource;
    if (!target || !endpoint) return [];
    const connectionType = asObject(endpoint.connectionType);
    return [{ id: target.id, name: asText(endpoint.name), address: asText(endpoint.address), connectionType: asText(connectionType?.code) }];
  });
  return distinctBy(endpoints, (endpoint) => endpoint.id);
}

/** Plan-Net HealthcareServiceCategoryCS displays, for codings published without one. */
const SERVICE_CATEGORY_DISPLAY: Readonly<Record<string, string>> = {
  behav: 'Behavioral Health',
  dent: 'Dental',
  dme: 'Durable Medical Equipment',
  emerg: 'Emergency care',
  group: 'Medical Group',
  home: 'Home Health',
  hosp: 'Hospital',
  lab: 'Laboratory',
  outpat: 'Clinic or Outpatient Facility',
  pharm: 'Pharmacy',
  prov: 'Medical Provider',
  trans: 'Transportation',
  urg: 'Urgent Care',
  vis: 'Vision',
};

/** The categories and types of HealthcareServices, each code once. */
export function serviceCodes(services: readonly FhirResource[]): { serviceCategories: Coded[]; serviceTypes: Coded[] } {
  const coded = (field: 'category' | 'type', displays: Readonly<Record<string, string>>) =>
    distinctBy(
      services.flatMap((service) =>
        asArray(service[field]).flatMap((concept) => codings(concept).map(({ code, display }) => ({ code, display: display ?? displays[code] ?? null }))),
      ),
      (item) => item.code,
    );
  return { serviceCategories: coded('category', SERVICE_CATEGORY_DISPLAY), serviceTypes: coded('type', {}) };
}

/** `meta.lastUpdated` as published. */
export function lastUpdated(resource: FhirResource): string | null {
  return asText(asObject(resource.meta)?.lastUpdated);
}
