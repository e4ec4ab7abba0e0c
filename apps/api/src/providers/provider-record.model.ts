import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ProviderKind } from './provider-filter.input';
import { DirectorySource, OfficeHours, ProviderEndpoint, Qualification } from './provider-details.model';
import { CodedValue, NamedReference, PracticeLocation } from './provider.model';

@ObjectType({ description: 'One role of the provider at one location, as one directory publishes it.' })
export class ProviderLocation {
  @Field(() => ID, { description: 'FHIR id of the PractitionerRole (or OrganizationAffiliation).' })
  practitionerRoleId!: string;
  @Field(() => ProviderKind)
  kind!: ProviderKind;
  @Field(() => PracticeLocation)
  location!: PracticeLocation;
  @Field(() => [CodedValue], { description: 'HealthcareService categories of its services.' })
  serviceCategories!: CodedValue[];
  @Field(() => [CodedValue], { description: 'The specialties of the role at this location.' })
  specialties!: CodedValue[];
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
  @Field(() => [OfficeHours])
  hours!: OfficeHours[];
  @Field(() => [CodedValue], { description: 'Plan-Net accessibility codes of the location.' })
  accessibility!: CodedValue[];
  @Field(() => [ProviderEndpoint])
  endpoints!: ProviderEndpoint[];
  @Field(() => DirectorySource, { description: 'The directory that published it.' })
  source!: DirectorySource;
  @Field(() => String, { nullable: true, description: 'meta.lastUpdated of the role as the directory published it.' })
  lastUpdated!: string | null;
}

@ObjectType({ description: "One provider's whole record: every role at every location, from every directory." })
export class Provider {
  @Field(() => ID, { description: 'npi:<NPI> when the NPI is known, else the directory\'s own id.' })
  providerKey!: string;
  @Field(() => String, { nullable: true })
  npi!: string | null;
  @Field()
  name!: string;
  @Field(() => String, { nullable: true })
  gender!: string | null;
  @Field(() => [String], { description: 'BCP-47 codes.' })
  languages!: string[];
  @Field(() => [CodedValue], { description: 'Every specialty of every role, NUCC codes.' })
  specialties!: CodedValue[];
  @Field(() => [Qualification])
  qualifications!: Qualification[];
  @Field(() => [ProviderLocation], { description: 'Ordered by directory, then address.' })
  locations!: ProviderLocation[];
}
