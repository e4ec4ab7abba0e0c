import { acceptingNewPatients, deliveryMethods, VIRTUAL_DELIVERY, type FhirResource } from '@pds/fhir';
import type { Named, ProviderDocument, ProviderKind } from '@pds/search';
import type { DirectoryContext } from './directory-context';
import { documentId } from './document-id';
import { asArray, asText, codings } from './fhir-json-reader';
import { isVirtualLocation } from './location.mapper';
import type { NetworkCatalog } from './network.mapper';
import { endpointsOf, lastUpdated, officeHours, serviceCodes } from './office.mapper';
import { anyAccepting, phones, sitesOf, specialties } from './owner-sites';
import { readNpi } from './practitioner.mapper';
import type { SiteFieldsCache } from './site-fields-cache';

const PHARMACY_ROLE = 'pharmacy';
const PHARMACY_CATEGORY = 'pharm';

/**
 * Facility and pharmacy documents: one per active OrganizationAffiliation x its Location (the
 * participating Organization is the facility), and one per HealthcareService x Location that
 * no role or affiliation offers (its `providedBy` Organization is the facility). A pharmacy is
 * an affiliation with role `pharmacy` or a service of category `pharm`; anything else is a facility.
 * Networks, plans, payers, accepting-new-patients, hours and positions follow the practitioners' rules.
 */
export class FacilityMapper {
  constructor(
    private readonly context: DirectoryContext,
    private readonly networks: NetworkCatalog,
    private readonly sites: SiteFieldsCache,
  ) {}

  /** A mapper that adds every `Type/id` it reads to `inputs` (see DirectoryContext.recordingInto). */
  recordingInto(inputs: Set<string>): FacilityMapper {
    const context = this.context.recordingInto(inputs);
    return new FacilityMapper(context, this.networks.readingThrough(context), this.sites);
  }

  async affiliation(affiliation: FhirResource): Promise<ProviderDocument[]> {
    if (affiliation.active === false) return [];
    const services = (await this.context.readable(affiliation.healthcareService, affiliation, 'HealthcareService')).map((service) => service.resource);
    const roles = asArray(affiliation.code).flatMap((concept) => codings(concept).map(({ code }) => code));
    const pharmacy = roles.includes(PHARMACY_ROLE) || hasCategory(services, PHARMACY_CATEGORY);
    const organization = await this.facilityOrganization(affiliation.participatingOrganization, affiliation);
    return this.documents(affiliation, 'OrganizationAffiliation', organization, services, pharmacy ? 'pharmacy' : 'facility', specialties(affiliation));
  }

  async service(service: FhirResource): Promise<ProviderDocument[]> {
    const organization = await this.facilityOrganization(service.providedBy, service);
    const kind = hasCategory([service], PHARMACY_CATEGORY) ? 'pharmacy' : 'facility';
    return this.documents(service, 'HealthcareService', organization, [service], kind, specialties(service));
  }

  private async documents(
    owner: FhirResource,
    ownerType: 'OrganizationAffiliation' | 'HealthcareService',
    organization: { named: Named | null; resource: FhirResource | null },
    services: FhirResource[],
    kind: ProviderKind,
    ownerSpecialties: ProviderDocument['specialties'],
  ): Promise<ProviderDocument[]> {
    const sites = await sitesOf(this.context, owner, services);
    if (sites.length === 0) return [];
    const { networks, plans, payers } = await this.networks.coverage(await this.networks.networksOf(owner));
    const npi = organization.resource ? readNpi(organization.resource) : null;
    const ownPhones = [...phones(owner), ...(organization.resource ? phones(organization.resource) : [])];
    const accepting = acceptingNewPatients(owner) ?? anyAccepting(services);
    const virtual = services.some((service) => deliveryMethods(service).includes(VIRTUAL_DELIVERY));
    const hours = officeHours(services.flatMap((service) => asArray(service.availableTime)));
    const name = organization.named?.name ?? services.map((service) => asText(service.name)).find(Boolean) ?? owner.id;
    return Promise.all(
      sites.map(async (site) => {
        const fields = this.sites.of(site);
        return {
          id: documentId(this.context.source, ownerType, owner.id, site.id),
          kind,
          source: this.context.source,
          providerKey: npi ? `npi:${npi}` : `${this.context.source}|Organization/${organization.named?.id ?? `${ownerType}/${owner.id}`}`,
          practitionerRoleId: owner.id,
          practitionerId: null,
          npi,
          name,
          familyName: null,
          gender: null,
          languages: [],
          specialties: ownerSpecialties,
          qualifications: [],
          organization: organization.named,
          location: fields.location,
          phones: ownPhones.length > 0 ? [...new Set(ownPhones)] : phones(site.resource),
          networks,
          plans,
          payers,
          acceptingNewPatients: accepting ?? acceptingNewPatients(site.resource),
          telehealth: virtual || isVirtualLocation(site.resource),
          ...serviceCodes(services),
          hours: hours.length > 0 ? hours : fields.hours,
          accessibility: fields.accessibility,
          endpoints: await endpointsOf(this.context, [owner, site.resource]),
          lastUpdated: lastUpdated(owner),
        };
      }),
    );
  }

  private async facilityOrganization(reference: unknown, referrer: FhirResource): Promise<{ named: Named | null; resource: FhirResource | null }> {
    return (await this.context.namedTarget(reference, referrer, 'Organization')) ?? { named: null, resource: null };
  }
}

function hasCategory(services: readonly FhirResource[], category: string): boolean {
  return services.some((service) => asArray(service.category).some((concept) => codings(concept).some(({ code }) => code === category)));
}
