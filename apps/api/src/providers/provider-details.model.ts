import { Field, Float, ID, ObjectType } from '@nestjs/graphql';

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

@ObjectType({ description: 'A coded value: a NUCC taxonomy code for specialties.' })
export class CodedValue {
  @Field()
  code!: string;

  @Field(() => String, { nullable: true })
  display!: string | null;
}

@ObjectType({ description: 'A network, plan, payer or organization: its id unique across sources, its FHIR id and name, and its source.' })
export class NamedReference {
  @Field(() => ID, { description: '<source id>:<FHIR id>, unique across sources; filters take it (and a bare FHIR id, matched in every source).' })
  id!: string;

  @Field({ description: 'FHIR logical id, unique only within its source.' })
  fhirId!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => DirectorySource, { description: 'The directory that published it.' })
  source!: DirectorySource;
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
