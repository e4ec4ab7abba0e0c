import { PLAN_NET_EXTENSION } from '@pds/fhir';
import { BCP47_SYSTEM, ENGLISH, OTHER_LANGUAGES, PROFICIENCY } from './bcp47-languages';
import { DANGLING } from './defect-plan';
import type { GenerationContext } from './generation-context';
import { npiAt } from './npi-check-digit';
import {
  CLINICIAN_PROFILES,
  CLINICIAN_SPECIALTIES,
  NUCC_SYSTEM,
  type ClinicianKind,
  type NuccSpecialty,
} from './nucc-specialties';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './person-names';
import {
  concept,
  drawAcceptingPatients,
  header,
  networkReference,
  newPatientsExtension,
  reference,
  SYSTEM,
  WEEKDAYS,
  type GeneratedResource,
} from './plan-net-vocabulary';
import { WeightedPicker } from './seeded-random';
import type { ZipPlace } from './us-zip-geography';

type Json = Record<string, unknown>;

/** A practice Location a role can point at. */
export interface PracticeSite {
  id: string;
  name: string;
  place: ZipPlace;
}

/** What the roles of one practice group share. */
export interface PracticeGroup {
  id: string;
  name: string;
  phone: string;
  serviceId: string;
  /** `network-reference` extensions of the networks the group contracts with. */
  networkExtensions: Json[];
  /** The specialty most of its clinicians practise (all of a solo practice). */
  primary: NuccSpecialty;
}

/** Provider-location ordinals (1-based) whose roles carry the planted dangling references. */
export interface DanglingOrdinals {
  location: number;
  network: number;
}

/** A `communication` entry: a language with its proficiency, as Plan-Net extends it. */
function communicationEntry(
  language: { code: string; display: string },
  proficiency: { code: string; display: string },
): Json {
  return {
    extension: [
      {
        url: PLAN_NET_EXTENSION.communicationProficiency,
        valueCodeableConcept: concept(SYSTEM.languageProficiency, proficiency.code, proficiency.display),
      },
    ],
    coding: [{ system: BCP47_SYSTEM, code: language.code, display: language.display }],
    text: language.display,
  };
}

// Built once and shared by every clinician: they are the same JSON each time, and a million
// clinicians would otherwise allocate millions of identical objects for the collector.
const ENGLISH_COMMUNICATION = communicationEntry(ENGLISH, PROFICIENCY.native);
const OTHER_COMMUNICATIONS = OTHER_LANGUAGES.map((language) => ({
  share: language.share,
  byProficiency: PROFICIENCY.second.map((proficiency) => communicationEntry(language, proficiency)),
}));
const NPI_TYPE = concept(SYSTEM.v2IdentifierType, 'PRN', 'Provider number', 'NPI');
const SPECIALTY_CONCEPTS = new Map(
  CLINICIAN_SPECIALTIES.map((item) => [item.code, concept(NUCC_SYSTEM, item.code, item.display, item.display)]),
);
const ROLE_CODES = new Map(
  Object.entries(CLINICIAN_PROFILES).map(([kind, profile]) => [
    kind,
    [concept(SYSTEM.providerRole, profile.roleCode, profile.roleDisplay)],
  ]),
);

/**
 * Emits clinicians: per call one Practitioner (NPI, name, gender, languages, license) and the
 * PractitionerRole that places them at a group's sites. Counts the provider-locations (role ×
 * site) it emitted, which is what `--providers` asks for.
 */
export class ClinicianFactory {
  private readonly specialties = new WeightedPicker(CLINICIAN_SPECIALTIES, (specialty) => specialty.weight);
  private readonly byKind = new Map<ClinicianKind, NuccSpecialty[]>();
  private previousNpi: string | null = null;
  private clinicians = 0;
  private emittedProviderLocations = 0;

  constructor(
    private readonly context: GenerationContext,
    private readonly dangling: DanglingOrdinals,
  ) {
    for (const specialty of CLINICIAN_SPECIALTIES) {
      this.byKind.set(specialty.kind, [...(this.byKind.get(specialty.kind) ?? []), specialty]);
    }
  }

  get providerLocations(): number {
    return this.emittedProviderLocations;
  }

  /** A specialty in proportion to how common it is in payers' directories. */
  pickSpecialty(): NuccSpecialty {
    return this.specialties.pick(this.context.random);
  }

  /** Emits one clinician practising at `sites` (1–3 of the group's) for the group. */
  emit(group: PracticeGroup, sites: readonly PracticeSite[], emit: (resource: GeneratedResource) => void): void {
    const { random } = this.context;
    const index = ++this.clinicians;
    const first = this.emittedProviderLocations + 1;
    this.emittedProviderLocations += sites.length;
    const covers = (ordinal: number) => first <= ordinal && ordinal <= this.emittedProviderLocations;

    const specialty = random.chance(0.5) ? group.primary : this.pickSpecialty();
    const practitioner = this.practitioner(index, specialty, sites[0].place);
    emit(practitioner.resource);

    const specialties = [specialty];
    const sameKind = this.byKind.get(specialty.kind) ?? [];
    if (sameKind.length > 1 && random.chance(0.1)) {
      const second = random.pick(sameKind);
      if (second !== specialty) specialties.push(second);
    }
    const extension = [...group.networkExtensions];
    // Not every clinician of a group joins every network the group contracts with.
    if (extension.length > 1 && random.chance(0.1)) extension.splice(random.int(0, extension.length - 1), 1);
    if (random.chance(0.25)) extension.push(newPatientsExtension(drawAcceptingPatients(random)));
    const locations = sites.map((site) => reference('Location', site.id, site.name));
    if (covers(this.dangling.location)) {
      locations.push(reference('Location', DANGLING.locationId));
      this.context.defects.danglingReferences++;
    }
    if (covers(this.dangling.network)) {
      extension.push(networkReference(DANGLING.networkId, DANGLING.networkName));
      this.context.defects.danglingReferences++;
    }
    emit({
      ...header('PractitionerRole', `role-${index}`),
      extension,
      active: true,
      practitioner: reference('Practitioner', practitioner.resource.id, practitioner.displayName),
      organization: reference('Organization', group.id, group.name),
      code: ROLE_CODES.get(specialty.kind),
      specialty: specialties.map((item) => SPECIALTY_CONCEPTS.get(item.code)),
      location: locations,
      healthcareService: [reference('HealthcareService', group.serviceId, group.name)],
      telecom: [{ system: 'phone', value: group.phone, use: 'work' }],
      availableTime: [
        {
          daysOfWeek: random.sample(WEEKDAYS, random.int(3, 5)),
          availableStartTime: random.pick(['08:00:00', '09:00:00']),
          availableEndTime: random.pick(['16:00:00', '17:00:00', '18:00:00']),
        },
      ],
    });
  }

  private practitioner(
    index: number,
    specialty: NuccSpecialty,
    practice: ZipPlace,
  ): { resource: GeneratedResource; displayName: string } {
    const { random, geography } = this.context;
    const profile = CLINICIAN_PROFILES[specialty.kind];
    const draw = random.next();
    const gender = draw < 0.5 ? 'female' : draw < 0.99 ? 'male' : 'unknown';
    const given = [random.pick(gender === 'male' ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES)];
    if (random.chance(0.3)) given.push(random.pick(gender === 'male' ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES));
    const family = random.pick(FAMILY_NAMES);
    const name: Json = { use: 'official', family, given, suffix: [random.pick(profile.credentials)] };
    if (profile.doctor && random.chance(0.5)) name.prefix = ['Dr.'];

    const npi = this.previousNpi !== null && this.context.plant('duplicateNpi') ? this.previousNpi : npiAt(index, 1);
    this.previousNpi = npi;
    const resource: GeneratedResource = {
      ...header('Practitioner', `practitioner-${index}`),
      identifier: [
        {
          use: 'official',
          type: NPI_TYPE,
          system: SYSTEM.npi,
          value: npi,
        },
      ],
      active: true,
      name: [name],
      telecom: [{ system: 'phone', value: this.context.phone(), use: 'work' }],
      gender,
      qualification: [
        {
          extension: [
            {
              url: PLAN_NET_EXTENSION.practitionerQualification,
              extension: [
                { url: 'status', valueCode: 'active' },
                { url: 'whereValid', valueCodeableConcept: concept(SYSTEM.usps, practice.state) },
              ],
            },
          ],
          code: SPECIALTY_CONCEPTS.get(specialty.code),
          issuer: { display: `${practice.state} Board of Licensure` },
        },
      ],
      communication: this.communication(),
    };
    // A mailing address elsewhere in the region: Practitioner.address is not where they practise.
    if (random.chance(0.4)) {
      resource.address = [this.context.address(geography.pickNear(random, practice), this.context.streetLine(), 'billing')];
    }
    return { resource, displayName: `${given[0]} ${family}` };
  }

  private communication(): Json[] {
    const { random } = this.context;
    const spoken = [ENGLISH_COMMUNICATION];
    for (const entries of OTHER_COMMUNICATIONS) {
      if (random.chance(entries.share)) spoken.push(random.pick(entries.byProficiency));
    }
    return spoken;
  }
}
