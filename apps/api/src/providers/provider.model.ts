import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CodedValue, PracticeLocation, Qualification } from './provider-details.model';
import { ProviderSite } from './provider-site.model';

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
export class ProviderAtLocation extends ProviderSite {
  @Field(() => ID)
  id!: string;

  @Field(() => [CodedValue], { description: 'HealthcareService types of its services.' })
  serviceTypes!: CodedValue[];

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

  @Field(() => [Qualification])
  qualifications!: Qualification[];

  @Field(() => Float, { nullable: true, description: 'Great-circle km from filter.near; null without it.' })
  distanceKm!: number | null;

  @Field(() => Float, { nullable: true, description: 'Great-circle statute miles from filter.near; null without it.' })
  distanceMiles!: number | null;

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
