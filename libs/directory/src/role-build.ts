import type { ProviderDocument } from '@pds/search';

/** One PractitionerRole's documents and what they were built from. */
export interface RoleBuild {
  roleId: string;
  /** False when the store no longer holds the role: it has no documents any more. */
  exists: boolean;
  documents: ProviderDocument[];
  /**
   * `Type/id` of every resource the documents read, found or dangling, sorted: Practitioner,
   * Organization, Locations, HealthcareServices, networks and their payers. Not the role itself,
   * nor InsurancePlans (they reach a role through its networks: see `PlanLinks`).
   */
  inputs: string[];
}
