import type { GenerationContext } from './generation-context';
import type { ZipPlace } from './us-zip-geography';
import { buildLocation } from './location-builder';
import { npiAt } from './npi-check-digit';
import { FACILITY_SPECIALTIES, NUCC_SYSTEM, type NuccSpecialty, PHARMACY_SPECIALTIES } from './nucc-specialties';
import type { GeneratedPayer } from './payer-catalog';
import { FAMILY_NAMES } from './person-names';
import {
  concept,
  deliveryMethodExtension,
  header,
  newPatientsExtension,
  orgType,
  reference,
  SYSTEM,
  type GeneratedResource,
} from './plan-net-vocabulary';

const CHAINS = ['CornerCare Pharmacy', 'Main Street Drug', 'ValueRx', 'HealthMart Express', 'Family Drug Center'];
/** The empty address of NPPES pharmacies without one, exactly as the reference data has it. */
const EMPTY_ADDRESS = { use: 'work', type: 'both', text: ',  00000', postalCode: '00000', country: 'USA' };

type Specialty = Pick<NuccSpecialty, 'code' | 'display'>;

/** What kind of facility to emit, and how Plan-Net codes it. */
export interface FacilityProfile {
  /** Prefix of the ids: `<prefix>-<n>`, `<prefix>-location-<n>`, `<prefix>-service-<n>`, `<prefix>-affiliation-<n>`. */
  idPrefix: string;
  /** Offset of the NPIs (apart from practice groups', which count up from 1, and from other profiles'). */
  npiBase: number;
  name(context: GenerationContext, place: ZipPlace): string;
  /** Always the first; some of the others are added. */
  specialties: readonly Specialty[];
  /** HealthcareServiceCategoryCS. */
  category: { code: string; display: string };
  /** OrganizationAffiliationRoleCS. */
  role: { code: string; display: string };
  /** Location type (v3 RoleCode). */
  locationRole: { code: string; display: string };
  allDay: boolean;
  /** Whether some carry the empty address and numeric identifier of NPPES pharmacies. */
  nppesDefects: boolean;
}

const pharmacyName = ({ random }: GenerationContext, place: ZipPlace): string =>
  random.chance(0.7) ? `${random.pick(CHAINS)} #${random.int(1000, 9999)}` : random.pick([`${random.pick(FAMILY_NAMES)} Pharmacy`, `${place.city} Drug`]);

export const PHARMACY: FacilityProfile = {
  idPrefix: 'pharmacy',
  npiBase: 50_000_000,
  name: pharmacyName,
  specialties: PHARMACY_SPECIALTIES,
  category: { code: 'pharm', display: 'Pharmacy' },
  role: { code: 'pharmacy', display: 'Pharmacy' },
  locationRole: { code: 'OUTPHARM', display: 'outpatient pharmacy' },
  allDay: true,
  nppesDefects: true,
};

/** Hospitals, urgent care, laboratories and behavioral health centers, in proportion to how often payers list them. */
export const FACILITIES: readonly { weight: number; profile: FacilityProfile }[] = [
  {
    weight: 2,
    profile: {
      idPrefix: 'hospital', npiBase: 60_000_000, name: (_, place) => `${place.city} General Hospital`,
      specialties: FACILITY_SPECIALTIES.hospital, category: { code: 'hosp', display: 'Hospital' }, role: { code: 'provider', display: 'Provider' },
      locationRole: { code: 'HOSP', display: 'Hospital' }, allDay: true, nppesDefects: false,
    },
  },
  {
    weight: 3,
    profile: {
      idPrefix: 'urgent-care', npiBase: 61_000_000, name: ({ random }, place) => random.pick([`${place.city} Urgent Care`, `FastCare Walk-In #${random.int(100, 999)}`]),
      specialties: FACILITY_SPECIALTIES.urgentCare, category: { code: 'urg', display: 'Urgent Care' }, role: { code: 'outpatient', display: 'Outpatient' },
      locationRole: { code: 'ER', display: 'Emergency room' }, allDay: false, nppesDefects: false,
    },
  },
  {
    weight: 3,
    profile: {
      idPrefix: 'lab', npiBase: 62_000_000, name: ({ random }, place) => `${random.pick(['Precision', 'Summit', 'Clearview'])} Diagnostics ${place.city}`,
      specialties: FACILITY_SPECIALTIES.lab, category: { code: 'lab', display: 'Laboratory' }, role: { code: 'outpatient', display: 'Outpatient' },
      locationRole: { code: 'MBL', display: 'medical laboratory' }, allDay: false, nppesDefects: false,
    },
  },
  {
    weight: 2,
    profile: {
      idPrefix: 'behavioral', npiBase: 63_000_000, name: (_, place) => `${place.city} Behavioral Health Center`,
      specialties: FACILITY_SPECIALTIES.behavioral, category: { code: 'behav', display: 'Behavioral Health' }, role: { code: 'bt', display: 'Behavioral Health' },
      locationRole: { code: 'PSYCHF', display: 'Psychiatric Care Facility' }, allDay: false, nppesDefects: false,
    },
  },
];

/**
 * Emits one facility the way Plan-Net models a pharmacy: a facility Organization, its Location,
 * a HealthcareService of the profile's category, and an OrganizationAffiliation (the profile's
 * role, NUCC facility specialties) putting it in some of the payers' networks. Pharmacies may
 * carry the empty address and numeric identifier seen on NPPES pharmacies.
 */
export function emitFacility(
  context: GenerationContext,
  payers: readonly GeneratedPayer[],
  profile: FacilityProfile,
  index: number,
  emit: (resource: GeneratedResource) => void,
): void {
  const { random, geography } = context;
  const place = geography.pick(random);
  const name = profile.name(context, place);
  const id = `${profile.idPrefix}-${index}`;
  const locationId = `${profile.idPrefix}-location-${index}`;
  const serviceId = `${profile.idPrefix}-service-${index}`;
  const [first, ...others] = profile.specialties;
  const specialties = [first, ...random.sample(others, Math.min(others.length, random.int(1, 3)))].map((specialty) =>
    concept(NUCC_SYSTEM, specialty.code, specialty.display, specialty.display),
  );

  const { location, address } = buildLocation(context, {
    id: locationId,
    name,
    place,
    managingOrganization: { id, name },
    roleCode: profile.locationRole,
    allDay: profile.allDay,
  });
  const empty = profile.nppesDefects && context.plant('pharmacyEmptyAddress');
  emit({
    ...header('Organization', id),
    identifier: empty
      ? [{ use: 'official', system: 'http://i.made/this/up', value: random.int(100000, 999999) }]
      : [{ use: 'official', system: SYSTEM.npi, value: npiAt(profile.npiBase + index, 2) }],
    active: true,
    type: orgType('fac', 'Facility'),
    name,
    telecom: [{ system: 'phone', value: context.phone(), use: 'work' }],
    address: [empty ? EMPTY_ADDRESS : address],
  });
  emit(location);
  emit({
    ...header('HealthcareService', serviceId),
    extension: [newPatientsExtension('newpt'), deliveryMethodExtension('physical')],
    active: true,
    providedBy: reference('Organization', id, name),
    category: [concept(SYSTEM.serviceCategory, profile.category.code, profile.category.display)],
    specialty: specialties,
    location: [reference('Location', locationId, name)],
    name,
  });
  const networks = payers.flatMap((payer) => payer.networks.filter(() => random.chance(0.7)));
  emit({
    ...header('OrganizationAffiliation', `${profile.idPrefix}-affiliation-${index}`),
    active: true,
    participatingOrganization: reference('Organization', id, name),
    network: (networks.length > 0 ? networks : payers[0].networks).map((network) =>
      reference('Organization', network.id, network.name),
    ),
    code: [concept(SYSTEM.affiliationRole, profile.role.code, profile.role.display)],
    specialty: specialties,
    location: [reference('Location', locationId, name)],
    healthcareService: [reference('HealthcareService', serviceId, name)],
  });
}
