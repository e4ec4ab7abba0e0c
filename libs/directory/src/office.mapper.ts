import { findExtensions, PLAN_NET_EXTENSION, type FhirResource } from '@pds/fhir';
import type { Coded, EndpointRef, OfficeHours } from '@pds/search';
import type { DirectoryContext } from './directory-context';
import { asArray, asObject, asText, codings, distinctBy } from './fhir-json.reader';

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

/** `meta.lastUpdated` as published. */
export function lastUpdated(resource: FhirResource): string | null {
  return asText(asObject(resource.meta)?.lastUpdated);
}
