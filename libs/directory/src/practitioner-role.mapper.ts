import { acceptingNewPatients, deliveryMethods, VIRTUAL_DELIVERY, type FhirResource } from '@pds/fhir';
import type { ProviderDocument } from '@pds/search';
import type { DirectoryContext, ReferenceTarget } from './directory-context';
import { documentId } from './document-id';
import { asObject, asText } from './fhir-json-reader';
import { isVirtualLocation } from './location.mapper';
import type { NetworkCatalog } from './network.mapper';
import { endpointsOf, lastUpdated, officeHours, serviceCodes } from './office.mapper';
import { anyAccepting, phones, sitesOf, specialties } from './owner-sites';
import { mapPractitioner } from './practitioner.mapper';
import type { SiteFieldsCache } from './site-fields-cache';

/**
 * Turns one PractitionerRole into its search documents: one per practice Location, all
 * sharing the role's practitioner, specialties, organization and networks.
 */
export class PractitionerRoleMapper {
  constructor(
    private readonly context: DirectoryContext,
    private readonly networks: NetworkCatalog,
    private readonly sites: SiteFieldsCache,
  ) {}

  /** A mapper for one role that adds every `Type/id` it reads to `inputs` (see {@link DirectoryContext.recordingInto}). */
  recordingInto(inputs: Set<string>): PractitionerRoleMapper {
    const context = this.context.recordingInto(inputs);
    return new PractitionerRoleMapper(context, this.networks.readingThrough(context), this.sites);
  }

  /**
   * @param practitioner the role's Practitioner as resolved by the caller, which fetches them
   *   in batches; null when the role names none or it cannot be read.
   */
  async map(role: FhirResource, practitioner: ReferenceTarget | null): Promise<ProviderDocument[]> {
    const services = (await this.context.readable(role.healthcareService, role, 'HealthcareService')).map((service) => service.resource);
    const sites = await sitesOf(this.context, role, services);
    if (sites.length === 0) return [];

    const person = practitioner?.resource ? mapPractitioner(practitioner.resource) : null;
    const organization = await this.context.named(role.organization, role, 'Organization');
    const { networks, plans, payers } = await this.networks.coverage(await this.networks.networksOf(role));
    const rolePhones = phones(role);
    const accepting = acceptingNewPatients(role) ?? anyAccepting(services);
    const virtualService = services.some((service) => deliveryMethods(service).includes(VIRTUAL_DELIVERY));
    const roleHours = officeHours(role.availableTime);
    const shared = {
      kind: 'practitioner' as const,
      source: this.context.source,
      providerKey: providerKey(this.context.source, person?.npi ?? null, practitioner?.id ?? null, role.id),
      practitionerRoleId: role.id,
      practitionerId: practitioner?.id ?? null,
      npi: person?.npi ?? null,
      // A role without a readable Practitioner (an "anonymous" role) is still a bookable slot at the organization.
      name: person?.name ?? asText(asObject(role.practitioner)?.display) ?? organization?.name ?? '',
      familyName: person?.familyName ?? null,
      gender: person?.gender ?? null,
      languages: person?.languages ?? [],
      specialties: specialties(role),
      qualifications: person?.qualifications ?? [],
      organization,
      networks,
      plans,
      payers,
      lastUpdated: lastUpdated(role),
      ...serviceCodes(services),
    };
    const siteEndpoints = await Promise.all(sites.map((site) => endpointsOf(this.context, [role, site.resource])));
    return sites.map((site, index) => {
      const fields = this.sites.of(site);
      return {
        ...shared,
        id: documentId(this.context.source, 'PractitionerRole', role.id, site.id),
        location: fields.location,
        phones: rolePhones.length > 0 ? rolePhones : phones(site.resource),
        acceptingNewPatients: accepting ?? acceptingNewPatients(site.resource),
        telehealth: virtualService || isVirtualLocation(site.resource),
        hours: roleHours.length > 0 ? roleHours : fields.hours,
        accessibility: fields.accessibility,
        endpoints: siteEndpoints[index],
      };
    });
  }
}

/** One key per provider: the NPI is shared across payers; without one, the source's own ids are all there is. */
function providerKey(source: string, npi: string | null, practitionerId: string | null, roleId: string): string {
  if (npi) return `npi:${npi}`;
  return practitionerId ? `${source}|Practitioner/${practitionerId}` : `${source}|PractitionerRole/${roleId}`;
}
