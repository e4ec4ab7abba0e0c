/**
 * One search document: a provider (or facility, or pharmacy) at one practice location,
 * with everything a find-a-doctor frontend filters on or shows, already joined.
 */
export type ProviderKind = 'practitioner' | 'organization' | 'pharmacy';

export interface Coded {
  code: string;
  display: string | null;
}

export interface Named {
  id: string;
  name: string | null;
}

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface PostalAddress {
  lines: string[];
  city: string | null;
  state: string | null;
  /** First five digits only, so 5-digit, 9-digit and ZIP+4 forms filter alike. */
  postalCode: string | null;
  text: string;
}

export interface PracticeLocation {
  id: string;
  name: string | null;
  address: PostalAddress | null;
  /** Null when the Location has no position or its position is a known placeholder. */
  position: GeoPoint | null;
  /** Why the published position was not trusted, when it was not. */
  positionIssue: 'placeholder' | 'outside-state' | null;
}

export interface ProviderDocument {
  /** Stable, engine-safe id ([A-Za-z0-9_-]) derived from source, role and location ids. */
  id: string;
  kind: ProviderKind;
  /** Key of the source (payer endpoint) the document came from. */
  source: string;
  /**
   * The same provider across locations and payers: `npi:<NPI>` when the NPI is known, else
   * `<source>|<ResourceType>/<id>` of the Practitioner (or of the role when it names none).
   */
  providerKey: string;
  /** FHIR logical id of the PractitionerRole (or OrganizationAffiliation for facilities). */
  practitionerRoleId: string;
  practitionerId: string | null;
  npi: string | null;
  name: string;
  familyName: string | null;
  gender: string | null;
  /** BCP-47 codes, lower-case primary tag first as published (e.g. "es", "zh-CN"). */
  languages: string[];
  /** NUCC taxonomy codes with display. */
  specialties: Coded[];
  qualifications: Coded[];
  organization: Named | null;
  location: PracticeLocation;
  phones: string[];
  networks: Named[];
  plans: Named[];
  payers: Named[];
  /** true/false when the role, its HealthcareService or its Location says so; null when nothing does. */
  acceptingNewPatients: boolean | null;
  telehealth: boolean;
}
