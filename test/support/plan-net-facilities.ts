import { read, trustedPosition } from './plan-net-expectations';

/**
 * The facility and pharmacy documents the shared Plan-Net data should give, from the raw
 * NDJSON: one per active OrganizationAffiliation x its Locations (else its services'), one per
 * HealthcareService x Location that no role or affiliation offers; a pharmacy when the
 * affiliation's code is `pharmacy` or a service's category is `pharm`.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ExpectedFacility {
  ownerId: string;
  /** npi:<NPI> of the facility Organization, else its id (as ExpectedDocument.provider keys practitioners). */
  provider: string;
  locationId: string;
  kind: 'FACILITY' | 'PHARMACY';
  networks: string[];
  categories: string[];
  position: { latitude: number; longitude: number } | null;
}

const idOf = (reference: string | undefined) => reference?.split('/').pop();
const codes = (concepts: Json[] = []) => concepts.flatMap((concept) => concept.coding ?? []).map((coding: Json) => coding.code as string);

export function expectedFacilities(): ExpectedFacility[] {
  const locations = new Map(read('Location').map((location) => [location.id, location]));
  const services = new Map(read('HealthcareService').map((service) => [service.id, service]));
  const affiliations = read('OrganizationAffiliation');
  const offered = new Set([...read('PractitionerRole'), ...affiliations].flatMap((owner) => (owner.healthcareService ?? []).map((ref: Json) => idOf(ref.reference))));
  const readable = (refs: Json[] = []) => [...new Set(refs.map((ref) => idOf(ref.reference)!))].filter((id) => locations.has(id));
  const facilities: ExpectedFacility[] = [];
  const organizations = new Map(read('Organization').map((organization) => [organization.id, organization]));
  const providerOf = (reference: Json | undefined): string => {
    const id = idOf(reference?.reference) ?? '';
    const npi = (organizations.get(id)?.identifier ?? []).find((identifier: Json) => identifier.system === 'http://hl7.org/fhir/sid/us-npi')?.value;
    return npi !== undefined ? `npi:${npi}` : `organization:${id}`;
  };
  const add = (ownerId: string, provider: string, sites: string[], ownServices: Json[], kind: ExpectedFacility['kind'], networks: string[]) => {
    for (const locationId of sites) {
      facilities.push({ ownerId, provider, locationId, kind, networks, categories: [...new Set(ownServices.flatMap((service) => codes(service.category)))], position: trustedPosition(locations.get(locationId)!) });
    }
  };
  for (const affiliation of affiliations.filter((a) => a.active !== false)) {
    const ownServices = (affiliation.healthcareService ?? []).map((ref: Json) => services.get(idOf(ref.reference)!)).filter(Boolean);
    const own = readable(affiliation.location);
    const sites = own.length > 0 ? own : readable(ownServices.flatMap((service: Json) => service.location ?? []));
    const pharmacy = codes(affiliation.code).includes('pharmacy') || ownServices.some((service: Json) => codes(service.category).includes('pharm'));
    add(affiliation.id, providerOf(affiliation.participatingOrganization), sites, ownServices, pharmacy ? 'PHARMACY' : 'FACILITY', (affiliation.network ?? []).map((ref: Json) => idOf(ref.reference)!));
  }
  for (const service of [...services.values()].filter((s) => !offered.has(s.id))) {
    add(service.id, providerOf(service.providedBy), readable(service.location), [service], codes(service.category).includes('pharm') ? 'PHARMACY' : 'FACILITY', []);
  }
  return facilities;
}
