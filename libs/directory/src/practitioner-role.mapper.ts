import { acceptingNewPatients, deliveryMethods, VIRTUAL_DELIVERY, type FhirResource } from '@pds/fhir';
import type { Coded, ProviderDocument } from '@pds/search';
import type { DirectoryContext, ReferenceTarget } from './directory-context';
import { documentId } from './document-id';
import { asArray, asObject, asText, codings, distinctBy } from './fhir-json.reader';
import { isVirtualLocation, toPracticeLocation, type PositionScreen } from './location.mapper';
import type { NetworkCatalog } from './network.mapper';
import { accessibility, endpointsOf, lastUpdated, officeHours } from './office.mapper';
import { mapPractitioner } from './practitioner.mapper';

export const NUCC_TAXONOMY_SYSTEM = 'http://nucc.org/provider-taxonomy';

/** A referenced resource that could be read, with the id it is known by (`#id` when contained). */
interface Readable {
  id: string;
  resource: FhirResource;
}

/**
 * Turns one PractitionerRole into its search documents: one per practice Location, all
 * sharing the role's practitioner, specialties, organization and networks.
 */
export class PractitionerRoleMapper {
  constructor(
    private readonly context: DirectoryContext,
    private readonly networks: NetworkCatalog,
    private readonly positions: PositionScreen,
  ) {}

  /** A mapper for one role that adds every `Type/id` it reads to `inputs` (see {@link DirectoryContext.recordingInto}). */
  recordingInto(inputs: Set<string>): PractitionerRoleMapper {
    const context = this.context.recordingInto(inputs);
    return new PractitionerRoleMapper(context, this.networks.readingThrough(context), this.positions);
  }

  /**
   * @param practitioner the role's Practitioner as resolved by the caller, which fetches them
   *   in batches; null when the role names none or it cannot be read.
   */
  async map(role: FhirResource, practitioner: ReferenceTarget | null): Promise<ProviderDocument[]> {
    const services = (await this.readable(role.healthcareService, role, 'HealthcareService')).map(
      (service) => service.resource,
    );
    const sites = await this.sitesOf(role, services);
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
    };
    return Promise.all(sites.map(async (site) => ({
      ...shared,
      id: documentId(this.context.source, 'PractitionerRole', role.id, site.id),
      location: toPracticeLocation(site.resource, site.id, this.positions),
      phones: rolePhones.length > 0 ? rolePhones : phones(site.resource),
      acceptingNewPatients: accepting ?? acceptingNewPatients(site.resource),
      telehealth: virtualService || isVirtualLocation(site.resource),
      hours: roleHours.length > 0 ? roleHours : officeHours(site.resource.hoursOfOperation),
      accessibility: accessibility(site.resource),
      endpoints: await endpointsOf(this.context, [role, site.resource]),
    })));
  }

  /**
   * The role's own readable Locations, else those of its HealthcareServices: where the service
   * is offered is the best remaining answer to "where can I see this provider".
   * Unreadable and dangling Locations are skipped: there is no site to show.
   */
  private async sitesOf(role: FhirResource, services: FhirResource[]): Promise<Readable[]> {
    const own = await this.readable(role.location, role, 'Location');
    const sites =
      own.length > 0
        ? own
        : (await Promise.all(services.map((service) => this.readable(service.location, service, 'Location')))).flat();
    return distinctBy(sites, (site) => site.id);
  }

  /** The targets of references that could be read: contained or loaded. */
  private async readable(
    references: unknown,
    referrer: FhirResource,
    type: 'HealthcareService' | 'Location',
  ): Promise<Readable[]> {
    const targets = await Promise.all(
      asArray(references).map((reference) => this.context.target(reference, referrer, type)),
    );
    return targets.flatMap((target) => (target?.resource ? [{ id: target.id, resource: target.resource }] : []));
  }
}

/** NUCC taxonomy specialties; the concept's text stands in for a coding without display. */
function specialties(role: FhirResource): Coded[] {
  const coded = asArray(role.specialty).flatMap((concept) =>
    codings(concept).flatMap(({ system, code, display }) =>
      system === NUCC_TAXONOMY_SYSTEM ? [{ code, display }] : [],
    ),
  );
  return distinctBy(coded, (item) => item.code);
}

function phones(resource: FhirResource): string[] {
  const numbers = asArray(resource.telecom).flatMap((item) => {
    const contact = asObject(item);
    return contact?.system === 'phone' ? (asText(contact.value) ?? []) : [];
  });
  return [...new Set(numbers)];
}

/** Any service open to new patients makes the role open; else any that says no closes it. */
function anyAccepting(services: FhirResource[]): boolean | null {
  const answers = services.map(acceptingNewPatients).filter((answer): answer is boolean => answer !== null);
  return answers.length === 0 ? null : answers.includes(true);
}

/** One key per provider: the NPI is shared across payers; without one, the source's own ids are all there is. */
function providerKey(source: string, npi: string | null, practitionerId: string | null, roleId: string): string {
  if (npi) return `npi:${npi}`;
  return practitionerId ? `${source}|Practitioner/${practitionerId}` : `${source}|PractitionerRole/${roleId}`;
}
