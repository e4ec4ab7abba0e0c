import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DirectorySource } from './provider-details.model';

@ObjectType({ description: 'A payer, network or plan as the index knows it, for dropdown lists.' })
export class DirectoryEntry {
  @Field(() => ID, { description: '<source id>:<FHIR id>, unique across sources; filters take it.' })
  id!: string;
  @Field({ description: 'FHIR logical id, unique only within its source; as a filter value it matches that id in every source.' })
  fhirId!: string;
  @Field(() => DirectorySource, { nullable: true, description: 'The directory that published it; null for entries indexed before ids were scoped to their source.' })
  source!: DirectorySource | null;
  @Field(() => String, { nullable: true })
  name!: string | null;
  @Field(() => Int, { description: 'Distinct providers (by providerKey), all kinds.' })
  providerCount!: number;
}

@ObjectType({ description: 'A NUCC specialty that occurs in the index.' })
export class SpecialtyEntry {
  @Field({ description: 'NUCC taxonomy code; filter.specialties takes it.' })
  code!: string;
  @Field(() => String, { nullable: true })
  display!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The NUCC classification it belongs to (the code's classification-level code, XXXX00000X), named as the index names it; null when no document carries that code.",
  })
  classification!: string | null;
  @Field(() => Int)
  providerCount!: number;
}

@ObjectType({ description: 'A language providers speak.' })
export class LanguageEntry {
  @Field({ description: 'BCP-47 code, lower case; filter.languages takes it.' })
  code!: string;
  @Field(() => String, { nullable: true, description: 'English name, e.g. Spanish (Mexico).' })
  name!: string | null;
  @Field(() => Int)
  providerCount!: number;
}

export enum SuggestionKind {
  SPECIALTY = 'SPECIALTY',
  PROVIDER = 'PROVIDER',
  FACILITY = 'FACILITY',
  ORGANIZATION = 'ORGANIZATION',
  PLACE = 'PLACE',
}
registerEnumType(SuggestionKind, {
  name: 'SuggestionKind',
  description: 'SPECIALTY: value is a NUCC code. PROVIDER (a practitioner) and FACILITY (a facility or pharmacy): a providerKey. ORGANIZATION: an organization id. PLACE: text that near.place accepts.',
});

@ObjectType({ description: 'Something to search for, offered while the user types.' })
export class Suggestion {
  @Field(() => SuggestionKind)
  kind!: SuggestionKind;
  @Field()
  label!: string;
  @Field()
  value!: string;
  @Field(() => Int, { nullable: true, description: 'Distinct providers behind it, for specialties and organizations.' })
  providerCount!: number | null;
}
