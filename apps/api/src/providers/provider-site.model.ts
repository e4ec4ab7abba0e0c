import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ProviderKind } from './provider-filter.model';
import { CodedValue, DirectorySource, NamedReference, OfficeHours, PracticeLocation, ProviderEndpoint } from './provider-details.model';

/** What a search result and a record's location both say of one role (or affiliation) at one location. */
@ObjectType({ isAbstract: true })
export abstract class ProviderSite {
  @Field(() => ProviderKind)
  kind!: ProviderKind;

  @Field(() => ID, { description: 'FHIR id of the PractitionerRole (for a facility: the OrganizationAffiliation or HealthcareService).' })
  practitionerRoleId!: string;

  @Field(() => PracticeLocation)
  location!: PracticeLocation;

  @Field(() => [CodedValue], { description: 'NUCC taxonomy codes of the role.' })
  specialties!: CodedValue[];

  @Field(() => [CodedValue], { description: 'HealthcareService categories of its services (hosp, urg, lab, pharm, ...).' })
  serviceCategories!: CodedValue[];

  @Field(() => NamedReference, { nullable: true })
  organization!: NamedReference | null;

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

  @Field(() => [OfficeHours], { description: "The role's available times, else the location's hours." })
  hours!: OfficeHours[];

  @Field(() => [CodedValue], { description: 'Plan-Net accessibility codes of the location (handiaccess, adacomp, pubtrans, cultcomp).' })
  accessibility!: CodedValue[];

  @Field(() => [ProviderEndpoint], { description: 'Endpoints of the role and the location (portals, telehealth).' })
  endpoints!: ProviderEndpoint[];

  @Field(() => DirectorySource, { description: 'The directory that published it.' })
  source!: DirectorySource;

  @Field(() => String, { nullable: true, description: "The role's meta.lastUpdated as the directory published it." })
  lastUpdated!: string | null;
}
