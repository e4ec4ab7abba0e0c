import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './service-process';

/**
 * Answers computed straight from the raw Plan-Net NDJSON, independently of the product's code,
 * so the end-to-end tests compare the service with the data rather than with itself.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const PLAN_NET_DIR = path.resolve(REPO_ROOT, '../shared/data/plan-net-ri');
const NUCC = 'http://nucc.org/provider-taxonomy';
const NETWORK_EXT = 'http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/network-reference';
const NEW_PATIENTS_EXT = 'http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/newpatients';
/** The README's measured range of the real CT/MA/RI positions; everything else is a placeholder. */
const REAL_AREA = { minLat: 41.0, maxLat: 42.81, minLng: -73.66, maxLng: -70.73 };

export interface ExpectedDocument {
  roleId: string;
  locationId: string;
  specialties: string[];
  networks: string[];
  languages: string[];
  accepting: boolean | null;
  position: { latitude: number; longitude: number } | null;
  state: string | null;
  zip: string | null;
  organizationId: string | null;
  /** NPI when the practitioner has one, else the practitioner's (or role's) id. */
  provider: string;
  familyName: string | null;
}

export function read(type: string): Json[] {
  return fs
    .readFileSync(path.join(PLAN_NET_DIR, `${type}.ndjson`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Json);
}

const idOf = (reference: string | undefined) => reference?.split('/').pop();

function accepting(resource: Json | undefined): boolean | null {
  const ext = (resource?.extension ?? []).find((e: Json) => e.url === NEW_PATIENTS_EXT);
  const code = ext?.extension?.find((e: Json) => e.url === 'acceptingPatients')?.valueCodeableConcept?.coding?.[0]?.code;
  return code === undefined ? null : code === 'newpt';
}

/** One expected document per PractitionerRole x Location, from the raw resources. */
export function expectedDocuments(): ExpectedDocument[] {
  const locations = new Map(read('Location').map((r) => [r.id, r]));
  const services = new Map(read('HealthcareService').map((r) => [r.id, r]));
  const practitioners = new Map(read('Practitioner').map((r) => [r.id, r]));
  const documents: ExpectedDocument[] = [];
  for (const role of read('PractitionerRole')) {
    const roleServices = (role.healthcareService ?? []).map((ref: Json) => services.get(idOf(ref.reference)!)).filter(Boolean);
    let locationIds: string[] = (role.location ?? []).map((ref: Json) => idOf(ref.reference)).filter((id: string) => locations.has(id));
    if (locationIds.length === 0) {
      locationIds = roleServices.flatMap((service: Json) => (service.location ?? []).map((ref: Json) => idOf(ref.reference)));
      locationIds = locationIds.filter((id) => locations.has(id));
    }
    const practitioner = practitioners.get(idOf(role.practitioner?.reference) ?? '');
    const npi = (practitioner?.identifier ?? []).find((i: Json) => i.system === 'http://hl7.org/fhir/sid/us-npi')?.value;
    for (const locationId of new Set(locationIds)) {
      const location = locations.get(locationId)!;
      const serviceAccepting = roleServices.map(accepting).find((value: boolean | null) => value !== null) ?? null;
      documents.push({
        roleId: role.id,
        locationId,
        specialties: (role.specialty ?? []).flatMap((s: Json) => s.coding ?? []).filter((c: Json) => c.system === NUCC).map((c: Json) => c.code),
        networks: (role.extension ?? []).filter((e: Json) => e.url === NETWORK_EXT).map((e: Json) => idOf(e.valueReference?.reference)),
        languages: (practitioner?.communication ?? []).flatMap((c: Json) => c.coding ?? []).map((c: Json) => String(c.code).toLowerCase()),
        accepting: accepting(role) ?? serviceAccepting ?? accepting(location),
        position: trustedPosition(location),
        state: location.address?.state?.toUpperCase() ?? null,
        zip: /^\d{5}/.test(location.address?.postalCode ?? '') ? location.address.postalCode.slice(0, 5) : null,
        organizationId: idOf(role.organization?.reference) ?? null,
        provider: npi ? `npi:${npi}` : (practitioner?.id ?? `role:${role.id}`),
        familyName: practitioner?.name?.[0]?.family ?? null,
      });
    }
  }
  return documents;
}

/** A Location's position when it lies in the data's real area and is not the Kansas fallback point. */
export function trustedPosition(location: Json): { latitude: number; longitude: number } | null {
  const point = location.position;
  const real =
    point && point.latitude >= REAL_AREA.minLat && point.latitude <= REAL_AREA.maxLat &&
    point.longitude >= REAL_AREA.minLng && point.longitude <= REAL_AREA.maxLng &&
    !(point.latitude === 39.78373 && point.longitude === -100.445882);
  return real ? { latitude: point.latitude, longitude: point.longitude } : null;
}

export interface NumericIdentifierValue {
  type: string;
  id: string;
  value: number;
}

/**
 * Every `identifier[].value` anywhere in a resource that is a JSON number (FHIR wants a string),
 * from the raw data of every type: the resources the harvest must repair and keep.
 */
export function numericIdentifierValues(): NumericIdentifierValue[] {
  const found: NumericIdentifierValue[] = [];
  const walk = (resource: Json, value: unknown): void => {
    if (Array.isArray(value)) return value.forEach((item) => walk(resource, item));
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'identifier' && Array.isArray(child)) {
        for (const identifier of child) {
          if (typeof identifier?.value === 'number') found.push({ type: resource.resourceType, id: resource.id, value: identifier.value });
        }
      }
      walk(resource, child);
    }
  };
  for (const type of fs.readdirSync(PLAN_NET_DIR).filter((file) => file.endsWith('.ndjson'))) {
    for (const resource of read(type.replace('.ndjson', ''))) walk(resource, resource);
  }
  return found;
}

/** Ids, sorted, of the raw resources of a type with an identifier's value that is a JSON number. */
export function idsWithNumericIdentifierValues(type: string): string[] {
  return [...new Set(numericIdentifierValues().filter((found) => found.type === type).map((found) => found.id))].sort();
}

/** The NPI the raw data gives a practitioner. */
export function practitionerNpi(id: string): string | undefined {
  const practitioner = read('Practitioner').find((r) => r.id === id);
  return practitioner?.identifier?.find((i: Json) => i.system === 'http://hl7.org/fhir/sid/us-npi')?.value;
}

/** Haversine on the mean earth radius, written out here so the test does not trust the product's. */
export function haversineKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

export function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** InsurancePlan ids per network id, from `InsurancePlan.network`. */
export function plansByNetwork(): Map<string, Set<string>> {
  const plans = new Map<string, Set<string>>();
  for (const plan of read('InsurancePlan')) {
    const networks = [...(plan.network ?? []), ...(plan.plan ?? []).flatMap((p: Json) => p.network ?? [])];
    for (const ref of networks) {
      const network = idOf(ref.reference)!;
      plans.set(network, (plans.get(network) ?? new Set()).add(plan.id));
    }
  }
  return plans;
}
