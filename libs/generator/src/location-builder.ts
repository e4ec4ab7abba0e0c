import { PLAN_NET_EXTENSION } from '@pds/fhir';
import type { GenerationContext } from './generation-context';
import { concept, header, reference, SYSTEM, WEEKDAYS, type GeneratedResource } from './plan-net-vocabulary';
import type { ZipPlace } from './us-zip-geography';

type Json = Record<string, unknown>;

export interface LocationSpec {
  id: string;
  name: string;
  place: ZipPlace;
  managingOrganization: { id: string; name: string };
  /** v3 RoleCode of the site, e.g. OUTPHARM for a pharmacy. */
  roleCode?: { code: string; display: string };
  /** Open every day around the clock (pharmacies), else weekday office hours. */
  allDay?: boolean;
}

/**
 * A Plan-Net Location at a street address in the ZIP, positioned near the ZIP's centroid, with
 * the planted address and position defects drawn here so every Location meets them alike.
 * Returns the address too, as drawn before any defect, for the Organization that owns the site.
 */
export function buildLocation(context: GenerationContext, spec: LocationSpec): { location: GeneratedResource; address: Json } {
  const { random } = context;
  const address = context.address(spec.place, context.streetLine());
  const published = context.plant('numericPostalCode') ? { ...address, postalCode: Number(spec.place.zip) } : address;
  const location: GeneratedResource = {
    ...header('Location', spec.id),
    ...(random.chance(0.4) && {
      extension: [
        {
          url: PLAN_NET_EXTENSION.accessibility,
          valueCodeableConcept: concept(SYSTEM.accessibility, 'handiaccess', 'handicap accessible'),
        },
      ],
    }),
    status: 'active',
    name: spec.name,
    ...(spec.roleCode && { type: [concept(SYSTEM.roleCode, spec.roleCode.code, spec.roleCode.display)] }),
    telecom: [{ system: 'phone', value: context.phone(), use: 'work' }],
    address: published,
    position: positionOf(context, spec.place),
    managingOrganization: reference('Organization', spec.managingOrganization.id, spec.managingOrganization.name),
    hoursOfOperation: spec.allDay
      ? [{ daysOfWeek: [...WEEKDAYS, 'sat', 'sun'], allDay: true }]
      : [{ daysOfWeek: [...WEEKDAYS], availableStartTime: '08:00:00', availableEndTime: '17:00:00' }],
  };
  return { location, address };
}

/** FHIR Location.position: longitude first, as the reference directory writes it. */
function positionOf(context: GenerationContext, place: ZipPlace): Json {
  const { latitude, longitude } = context.position(place);
  return { longitude, latitude };
}
