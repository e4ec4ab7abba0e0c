/**
 * One search document: a provider (or facility, or pharmacy) at one practice location,
 * with everything a find-a-doctor frontend filters on or shows, already joined.
 */
export type ProviderKind = 'practitioner' | 'facility' | 'pharmacy';

export interface Coded {
  code: string;
  display: string | null;
}

export interface Named {
  id: string;
  name: string | null;
}

/**
 * A network, plan, payer or organization: `id` is unique across sources (`<sourceId>:<fhirId>`,
 * see scoped-id.ts), `fhirId` its logical id in its source. Documents indexed before ids were
 * scoped have the bare FHIR id as `id` and no `fhirId`.
 */
export interface ScopedRef extends Named {
  fhirId?: string;
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

/** A network, with the payers behind it (its `partOf` and the payers of plans covering it). */
export interface NetworkRef extends ScopedRef {
  /** Scoped ids. Absent in documents indexed before it was recorded, and in test fixtures that don't care. */
  payerIds?: string[];
}

/** An insurance plan, with its payers (`ownedBy`, `administeredBy`) and the networks it covers. */
export interface PlanRef extends ScopedRef {
  /** Absent, like NetworkRef's, in documents indexed before they were recorded. */
  payerIds?: string[];
  networkIds?: string[];
}

/** A board certification or licence as published (Practitioner.qualification). */
export interface Qualification extends Coded {
  /** The issuer's display or name. */
  issuer: string | null;
  /** Licence or certificate number. */
  identifier: string | null;
  /** Plan-Net `practitioner-qualification` status (active, inactive, ...). */
  status: string | null;
  /** USPS codes of the states where it is valid (Plan-Net `whereValid`). */
  whereValid: string[];
  /** FHIR dates as published (YYYY, YYYY-MM or YYYY-MM-DD). */
  periodStart: string | null;
  periodEnd: string | null;
}

/** One row of office hours: the days it applies to and the times, or all day. */
export interface OfficeHours {
  /** FHIR day codes: mon, tue, wed, thu, fri, sat, sun. */
  daysOfWeek: string[];
  allDay: boolean;
  /** HH:MM:SS local time, as published; null with allDay or when not given. */
  opens: string | null;
  closes: string | null;
}

/** A technical endpoint (Plan-Net Endpoint) of a role or location: a portal, a telehealth or FHIR address. */
export interface EndpointRef {
  id: string;
  name: string | null;
  address: string | null;
  /** EndpointConnectionTypeCS or R4 connection type code, e.g. hl7-fhir-rest, rest-non-fhir. */
  connectionType: string | null;
}

export interface ProviderDocument {
  /** Stable, engine-safe id ([A-Za-z0-9_-]) derived from source, role and location ids. */
  id: string;
  kind: ProviderKind;
  /** Key of the source (payer endpoint) the document came from: its base URL. */
  source: string;
  /**
   * The source's id in the registry (or of an ad-hoc source, its URL's slug): the scope of the
   * document's network, plan, payer and organization ids. Absent in documents indexed before it was.
   */
  sourceId?: string;
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
  qualifications: Qualification[];
  organization: ScopedRef | null;
  location: PracticeLocation;
  phones: string[];
  networks: NetworkRef[];
  plans: PlanRef[];
  payers: ScopedRef[];
  /** true/false when the role, its HealthcareService or its Location says so; null when nothing does. */
  acceptingNewPatients: boolean | null;
  telehealth: boolean;
  /** HealthcareService categories of the role's or facility's services (hosp, urgent, pharm, ...). */
  serviceCategories: Coded[];
  /** HealthcareService types of those services. */
  serviceTypes: Coded[];
  /** The role's `availableTime`, else the Location's `hoursOfOperation`. */
  hours: OfficeHours[];
  /** Plan-Net accessibility codes of the Location (handiaccess, adacomp, pubtrans, cultcomp). */
  accessibility: Coded[];
  /** Endpoints of the role and of the Location. */
  endpoints: EndpointRef[];
  /** `meta.lastUpdated` of the role (or affiliation) as the source published it. */
  lastUpdated: string | null;
}
