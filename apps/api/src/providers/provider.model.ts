import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ProviderKind } from './provider-filter.input';
import { DirectorySource, OfficeHours, ProviderEndpoint, Qualification } from './provider-details.model';

@ObjectType({ description: 'A coded value: a NUCC taxonomy code for specialties.' })
export class CodedValue {
  @Field()
  code!: string;

  @Field(() => String, { nullable: true })
  display!: string | null;
}

@ObjectType({ description: 'A FHIR resource by its logical id, with its name.' })
export class NamedReference {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType()
export class GeoPoint {
  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;
}

@ObjectType()
export class PostalAddress {
  @Field(() => [String])
  lines!: string[];

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  state!: string | null;

  @Field(() => String, { nullable: true, description: 'Five-digit ZIP code.' })
  postalCode!: string | null;

  @Field()
  text!: string;
}

@ObjectType({ description: 'Where the provider practises (a Plan-Net Location).' })
export class PracticeLocation {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => PostalAddress, { nullable: true })
  address!: PostalAddress | null;

  @Field(() => GeoPoint, { nullable: true, description: 'Null when unknown or a known placeholder point.' })
  position!: GeoPoint | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the published position was not trusted: placeholder or outside-state.',
  })
  positionIssue!: string | null;
}

@ObjectType({ description: 'Another matching location of the same provider (with onePerProvider).' })
export class OtherLocation {
  @Field(() => ID, { description: 'FHIR id of the PractitionerRole at this location.' })
  practitionerRoleId!: string;

  @Field(() => PracticeLocation)
  location!: PracticeLocation;

  @Field(() => [String])
  phones!: string[];

  @Field(() => Boolean, { nullable: true })
  acceptingNewPatients!: boolean | null;

  @Field(() => Float, { nullable: true })
  distanceKm!: number | null;
}

@ObjectType({ description: 'A provider (practitioner, facility or pharmacy) at one location, with its networks and plans: one search result.' })
export class ProviderAtLocation {
  @Field(() => ID)
  id!: string;

  @Field(() => ProviderKind)
  kind!: ProviderKind;

  @Field(() => [CodedValue], { description: 'HealthcareService categories of its services (hosp, urg, lab, pharm, ...).' })
  serviceCategories!: CodedValue[];

  @Field(() => [CodedValue], { description: 'HealthcareService types of its services.' })
  serviceTypes!: CodedValue[];

  @Field(() => ID, { description: 'FHIR id of the PractitionerRole.' })
  practitionerRoleId!: string;

  @Field(() => ID, { nullable: true })
  practitionerId!: string | null;

  @Field(() => String, { nullable: true })
  npi!: string | null;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  gender!: string | null;

  @Field(() => [String], { description: 'BCP-47 codes.' })
  languages!: string[];

  @Field(() => [CodedValue])
  specialties!: CodedValue[];

  @Field(() => [Qualification])
  qualifications!: Qualification[];

  @Field(() => NamedReference, { nullable: true })
  organization!: NamedReference | null;

  @Field(() => PracticeLocation)
  location!: PracticeLocation;

  @Field(() => [String])
  phones!: string[];

  @Field(() => [NamedReference])
  networks!: NamedReference[];

  @Field(() => [NamedReference])
  plans!: NamedReference[];

  @Field(() => [NamedReference])
  payers!: NamedReference[];

  @Field(() => Boolean, { nullable: true, description: 'Null when the directory does not say.' })
  acceptingNewPatients!: boolean | null;

  @Field()
  telehealth!: boolean;

  @Field(() => Float, { nullable: true, description: 'Great-circle km from filter.near; null without it.' })
  distanceKm!: number | null;

  @Field(() => Float, { nullable: true, description: 'Great-circle statute miles from filter.near; null without it.' })
  distanceMiles!: number | null;

  @Field(() => DirectorySource, { description: 'The directory this came from.' })
  source!: DirectorySource;

  @Field(() => [OfficeHours], { description: "The role's available times, else the location's hours." })
  hours!: OfficeHours[];

  @Field(() => [CodedValue], { description: 'Plan-Net accessibility codes of the location (handiaccess, adacomp, pubtrans, cultcomp).' })
  accessibility!: CodedValue[];

  @Field(() => [ProviderEndpoint], { description: 'Endpoints of the role and the location (portals, telehealth).' })
  endpoints!: ProviderEndpoint[];

  @Field(() => String, { nullable: true, description: "The role's meta.lastUpdated as the source published it." })
  lastUpdated!: string | null;

  @Field({ description: 'The same provider across locations and payers: npi:<NPI> when known.' })
  providerKey!: string;

  @Field(() => [OtherLocation], {
    description: 'With onePerProvider: the provider\'s other matching locations, nearest first with near; else empty.',
  })
  otherLocations!: OtherLocation[];
}

@ObjectType()
export class ProviderEdge {
  @Field()
  cursor!: string;

  @Field(() => ProviderAtLocation)
  node!: ProviderAtLocation;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class FacetCount {
  @Field()
  value!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Counts over the whole match, not just this page.' })
export class ProviderFacets {
  @Field(() => [FacetCount], { description: 'By NUCC code.' })
  specialty!: FacetCount[];

  @Field(() => [FacetCount], { description: 'By BCP-47 code.' })
  language!: FacetCount[];

  @Field(() => [FacetCount], { description: 'By network id.' })
  network!: FacetCount[];

  @Field(() => [FacetCount], { description: 'By plan id.' })
  plan!: FacetCount[];

  @Field(() => [FacetCount], { description: 'Values true and false.' })
  acceptingNewPatients!: FacetCount[];

  @Field(() => [FacetCount])
  gender!: FacetCount[];

  @Field(() => [FacetCount], { description: 'By ProviderKind: PRACTITIONER, FACILITY, PHARMACY.' })
  kind!: FacetCount[];

  @Field(() => [FacetCount], { description: 'By HealthcareService category code.' })
  serviceCategory!: FacetCount[];
}

@ObjectType({ description: 'Where filter.near was resolved: the point distances are measured from.' })
export class SearchOrigin {
  @Field(() => Float)
  latitude!: number;
  @Field(() => Float)
  longitude!: number;
  @Field({ description: 'e.g. "New Haven, CT 06510"; says so when an ambiguous city was resolved to its most populous match.' })
  label!: string;
}

@ObjectType()
export class ProviderConnection {
  @Field(() => SearchOrigin, { nullable: true, description: 'Null without filter.near.' })
  origin!: SearchOrigin | null;

  @Field(() => Int)
  totalCount!: number;

  @Field(() => [ProviderEdge])
  edges!: ProviderEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => ProviderFacets)
  facets!: ProviderFacets;
}
