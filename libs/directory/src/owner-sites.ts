import { acceptingNewPatients, type FhirResource } from '@pds/fhir';
import type { Coded } from '@pds/search';
import type { DirectoryContext, ReadableTarget } from './directory-context';
import { asArray, asObject, asText, codings, distinctBy } from './fhir-json-reader';

/** What the owners of documents (PractitionerRoles, OrganizationAffiliations, HealthcareServices) read alike. */

export const NUCC_TAXONOMY_SYSTEM = 'http://nucc.org/provider-taxonomy';

/**
 * An owner's own readable Locations, else those of its HealthcareServices: where the service
 * is offered is the best remaining answer to "where can I go". Unreadable and dangling
 * Locations are skipped: there is no site to show.
 */
export async function sitesOf(context: DirectoryContext, owner: FhirResource, services: FhirResource[]): Promise<ReadableTarget[]> {
  const own = await context.readable(owner.location, owner, 'Location');
  const sites = own.length > 0 ? own : (await Promise.all(services.map((service) => context.readable(service.location, service, 'Location')))).flat();
  return distinctBy(sites, (site) => site.id);
}

/** NUCC taxonomy specialties; the concept's text stands in for a coding without display. */
export function specialties(owner: FhirResource): Coded[] {
  const coded = asArray(owner.specialty).flatMap((concept) =>
    codings(concept).flatMap(({ system, code, display }) => (system === NUCC_TAXONOMY_SYSTEM ? [{ code, display }] : [])),
  );
  return distinctBy(coded, (item) => item.code);
}

export function phones(resource: FhirResource): string[] {
  const numbers = asArray(resource.telecom).flatMap((item) => {
    const contact = asObject(item);
    return contact?.system === 'phone' ? (asText(contact.value) ?? []) : [];
  });
  return [...new Set(numbers)];
}

/** Any service open to new patients makes the owner open; else any that says no closes it. */
export function anyAccepting(services: FhirResource[]): boolean | null {
  const answers = services.map(acceptingNewPatients).filter((answer): answer is boolean => answer !== null);
  return answers.length === 0 ? null : answers.includes(true);
}
