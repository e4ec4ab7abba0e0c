import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CodedValue, Qualification } from './provider-details.model';
import { ProviderSite } from './provider-site.model';

@ObjectType({ description: 'One role of the provider at one location, as one directory publishes it.' })
export class ProviderLocation extends ProviderSite {}

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
