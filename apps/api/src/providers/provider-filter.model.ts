import { Field, Float, ID, InputType, registerEnumType } from '@nestjs/graphql';

export enum ProviderKind {
  PRACTITIONER = 'PRACTITIONER',
  FACILITY = 'FACILITY',
  PHARMACY = 'PHARMACY',
}

registerEnumType(ProviderKind, {
  name: 'ProviderKind',
  description: 'PRACTITIONER: a clinician at a location. FACILITY: a hospital, clinic, lab or other facility at a location. PHARMACY: a pharmacy at a location.',
});

export enum ProviderSort {
  RELEVANCE = 'RELEVANCE',
  DISTANCE = 'DISTANCE',
}
registerEnumType(ProviderSort, {
  name: 'ProviderSort',
  description: 'RELEVANCE: text score, then distance when `near` is given. DISTANCE: nearest first (needs `near`).',
});

@InputType({
  description:
    'A circle on the earth around exactly one of: latitude + longitude, a postalCode, or a place; with exactly one of radiusKm or radiusMiles. Distances are great-circle (haversine).',
})
export class GeoRadius {
  @Field(() => Float, { nullable: true, description: 'WGS84 latitude, -90 to 90 (with longitude).' })
  latitude?: number | null;
  @Field(() => Float, { nullable: true, description: 'WGS84 longitude, -180 to 180 (with latitude).' })
  longitude?: number | null;
  @Field(() => String, { nullable: true, description: 'A US ZIP code (ZIP+4 accepted): its centroid.' })
  postalCode?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Free text such as "New Haven, CT", "new haven ct" or "Hartford CT 06103": a city centroid, or the ZIP when the text holds one.',
  })
  place?: string | null;
  @Field(() => Float, { nullable: true, description: 'Greater than 0, at most 500.' })
  radiusKm?: number | null;
  @Field(() => Float, { nullable: true, description: 'Greater than 0, at most 310.69 (500 km).' })
  radiusMiles?: number | null;
}

@InputType({ description: 'A latitude/longitude rectangle (a map viewport); west > east crosses the antimeridian.' })
export class GeoBoundingBox {
  @Field(() => Float)
  north!: number;

  @Field(() => Float)
  south!: number;

  @Field(() => Float)
  east!: number;

  @Field(() => Float)
  west!: number;
}

@InputType({ description: 'Every given field must match; values inside one list are alternatives.' })
export class ProviderFilter {
  @Field({ nullable: true, description: 'Free text: names, specialties, organization, city, NPI. Typo-tolerant.' })
  text?: string;

  @Field(() => [String], { nullable: true, description: 'NUCC taxonomy codes, e.g. 207RC0000X.' })
  specialties?: string[];

  @Field(() => GeoRadius, { nullable: true })
  near?: GeoRadius;

  @Field(() => [ID], { nullable: true, description: 'Networks. Ids as answers give them (<source id>:<FHIR id>), or bare FHIR ids, matched in every source.' })
  networks?: string[];

  @Field(() => [ID], { nullable: true, description: 'InsurancePlans. Ids as answers give them (<source id>:<FHIR id>), or bare FHIR ids, matched in every source.' })
  plans?: string[];

  @Field({ nullable: true })
  acceptingNewPatients?: boolean;

  @Field(() => [String], { nullable: true, description: 'BCP-47 language codes, e.g. es or zh-CN.' })
  languages?: string[];

  @Field({ nullable: true, description: 'FHIR administrative gender: male, female, other or unknown.' })
  gender?: string;

  @Field(() => GeoBoundingBox, { nullable: true, description: 'Only providers whose location lies in this box.' })
  boundingBox?: GeoBoundingBox;

  @Field(() => [ID], { nullable: true, description: 'Payer Organizations. Ids as answers give them (<source id>:<FHIR id>), or bare FHIR ids, matched in every source.' })
  payers?: string[];

  @Field(() => [ID], { nullable: true, description: 'The provider organizations. Ids as answers give them (<source id>:<FHIR id>), or bare FHIR ids, matched in every source.' })
  organizations?: string[];

  @Field({ nullable: true, description: 'Offers virtual visits, where the directory says so.' })
  telehealth?: boolean;

  @Field(() => [String], { nullable: true, description: 'USPS state codes of the practice address, e.g. CT.' })
  states?: string[];

  @Field(() => [String], { nullable: true, description: 'Five-digit ZIP codes of the practice address.' })
  postalCodes?: string[];

  @Field(() => [ProviderKind], { nullable: true, description: 'Kinds of result; omitted: PRACTITIONER only.' })
  kinds?: ProviderKind[];

  @Field(() => [String], { nullable: true, description: 'HealthcareService category codes, e.g. hosp, urg, lab, emerg, behav, pharm.' })
  serviceCategories?: string[];
}
