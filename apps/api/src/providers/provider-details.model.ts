import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A board certification or licence as published.' })
export class Qualification {
  @Field()
  code!: string;
  @Field(() => String, { nullable: true })
  display!: string | null;
  @Field(() => String, { nullable: true, description: 'Who issued it, e.g. a state board.' })
  issuer!: string | null;
  @Field(() => String, { nullable: true, description: 'Licence or certificate number.' })
  identifier!: string | null;
  @Field(() => String, { nullable: true, description: 'Plan-Net qualification status, e.g. active.' })
  status!: string | null;
  @Field(() => [String], { description: 'USPS codes of the states where it is valid.' })
  whereValid!: string[];
  @Field(() => String, { nullable: true, description: 'FHIR date.' })
  periodStart!: string | null;
  @Field(() => String, { nullable: true, description: 'FHIR date.' })
  periodEnd!: string | null;
}

@ObjectType({ description: 'Office hours: the days a row applies to, and its times or all day.' })
export class OfficeHours {
  @Field(() => [String], { description: 'mon, tue, wed, thu, fri, sat, sun.' })
  daysOfWeek!: string[];
  @Field()
  allDay!: boolean;
  @Field(() => String, { nullable: true, description: 'Local time HH:MM:SS as published.' })
  opens!: string | null;
  @Field(() => String, { nullable: true })
  closes!: string | null;
}

@ObjectType({ description: 'A technical endpoint of a role or location: a portal, telehealth or FHIR address.' })
export class ProviderEndpoint {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { nullable: true })
  name!: string | null;
  @Field(() => String, { nullable: true })
  address!: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. hl7-fhir-rest, rest-non-fhir.' })
  connectionType!: string | null;
}

@ObjectType({ description: 'The directory (payer endpoint) a record was harvested from.' })
export class DirectorySource {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { nullable: true })
  name!: string | null;
  @Field({ description: 'FHIR base URL (or file:// directory) it was harvested from.' })
  url!: string;
}
