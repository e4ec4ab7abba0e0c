import type { GenerationContext } from './generation.context';
import { buildLocation } from './location.builder';
import { npiAt } from './npi.check-digit';
import { NUCC_SYSTEM, PHARMACY_SPECIALTIES } from './nucc.specialties';
import type { GeneratedPayer } from './payer.catalog';
import { FAMILY_NAMES } from './person.names';
import {
  concept,
  deliveryMethodExtension,
  header,
  newPatientsExtension,
  orgType,
  reference,
  SYSTEM,
  type GeneratedResource,
} from './plan-net.vocabulary';

const CHAINS = ['CornerCare Pharmacy', 'Main Street Drug', 'ValueRx', 'HealthMart Express', 'Family Drug Center'];
/** Ids of pharmacy NPIs, apart from those of practice groups (which count up from 1). */
const PHARMACY_NPI_BASE = 50_000_000;
/** The empty address of NPPES pharmacies without one, exactly as the reference data has it. */
const EMPTY_ADDRESS = { use: 'work', type: 'both', text: ',  00000', postalCode: '00000', country: 'USA' };

/**
 * Emits one pharmacy the way Plan-Net models it: a facility Organization, its Location, a
 * HealthcareService of category `pharm`, and an OrganizationAffiliation (code `pharmacy`, NUCC
 * 3336* specialties) putting it in some of the payers' networks. Some carry the empty address
 * and numeric identifier seen on NPPES pharmacies.
 */
export function emitPharmacy(
  context: GenerationContext,
  payers: readonly GeneratedPayer[],
  index: number,
  emit: (resource: GeneratedResource) => void,
): void {
  const { random, geography } = context;
  const place = geography.pick(random);
  const name = random.chance(0.7)
    ? `${random.pick(CHAINS)} #${random.int(1000, 9999)}`
    : random.pick([`${random.pick(FAMILY_NAMES)} Pharmacy`, `${place.city} Drug`]);
  const id = `pharmacy-${index}`;
  const locationId = `pharmacy-location-${index}`;
  const serviceId = `pharmacy-service-${index}`;
  const specialties = [PHARMACY_SPECIALTIES[0], ...random.sample(PHARMACY_SPECIALTIES.slice(1), random.int(1, 3))].map(
    (specialty) => concept(NUCC_SYSTEM, specialty.code, specialty.display, specialty.display),
  );

  const { location, address } = buildLocation(context, {
    id: locationId,
    name,
    place,
    managingOrganization: { id, name },
    roleCode: { code: 'OUTPHARM', display: 'outpatient pharmacy' },
    allDay: true,
  });
  const empty = context.plant('pharmacyEmptyAddress');
  emit({
    ...header('Organization', id),
    identifier: empty
      ? [{ use: 'official', system: 'http://i.made/this/up', value: random.int(100000, 999999) }]
      : [{ use: 'official', system: SYSTEM.npi, value: npiAt(PHARMACY_NPI_BASE + index, 2) }],
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
    category: [concept(SYSTEM.serviceCategory, 'pharm', 'Pharmacy')],
    specialty: specialties,
    location: [reference('Location', locationId, name)],
    name,
  });
  const networks = payers.flatMap((payer) => payer.networks.filter(() => random.chance(0.7)));
  emit({
    ...header('OrganizationAffiliation', `pharmacy-affiliation-${index}`),
    active: true,
    participatingOrganization: reference('Organization', id, name),
    network: (networks.length > 0 ? networks : payers[0].networks).map((network) =>
      reference('Organization', network.id, network.name),
    ),
    code: [concept(SYSTEM.affiliationRole, 'pharmacy', 'Pharmacy')],
    specialty: specialties,
    location: [reference('Location', locationId, name)],
    healthcareService: [reference('HealthcareService', serviceId, name)],
  });
}
