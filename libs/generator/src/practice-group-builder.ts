import { PLAN_NET_EXTENSION } from '@pds/fhir';
import type { ClinicianFactory, PracticeGroup, PracticeSite } from './clinician-factory';
import type { GenerationContext } from './generation-context';
import { buildLocation } from './location-builder';
import { npiAt } from './npi-check-digit';
import type { GeneratedPayer } from './payer-catalog';
import { FAMILY_NAMES } from './person-names';
import {
  concept,
  deliveryMethodExtension,
  drawAcceptingPatients,
  header,
  networkReference,
  newPatientsExtension,
  orgType,
  reference,
  SYSTEM,
  WEEKDAYS,
  type GeneratedResource,
} from './plan-net-vocabulary';
import type { NuccSpecialty } from './nucc-specialties';

type Json = Record<string, unknown>;

/**
 * Share of roles, among those of groups with two or more sites, that practise at 2–3 of them;
 * with the site counts below it makes about 20% of all roles multi-location.
 */
const MULTI_SITE_SHARE = 0.22;
/** Share of groups publishing a Direct messaging Endpoint, as some NPPES organizations do. */
const DIRECT_ENDPOINT_SHARE = 0.03;
/** Share of groups contracting with each payer (for one or two of its networks). */
const PAYER_PARTICIPATION = 0.5;

/**
 * Emits practice groups: a `prvgrp` Organization, its sites (Locations shared by its
 * clinicians), a HealthcareService carrying `newpatients` and `delivery-method`, sometimes a
 * Direct Endpoint, and its clinicians. Sizes follow US practice sizes: many solo and small
 * practices, a few large groups that hold most clinicians.
 */
export class PracticeGroupBuilder {
  private groups = 0;
  private sites = 0;

  constructor(
    private readonly context: GenerationContext,
    private readonly payers: readonly GeneratedPayer[],
    private readonly clinicians: ClinicianFactory,
  ) {}

  /** Emits one group of at most `maxProviderLocations` provider-locations. */
  build(maxProviderLocations: number, emit: (resource: GeneratedResource) => void): void {
    const { random, geography } = this.context;
    const index = ++this.groups;
    const roleCount = Math.min(this.groupSize(), maxProviderLocations);
    const home = geography.pick(random);
    const primary = this.clinicians.pickSpecialty();
    const id = `group-${index}`;
    const name = this.groupName(roleCount, primary, home.city);

    const siteCount = this.siteCount(roleCount);
    const sites: PracticeSite[] = [];
    let groupAddress: Json | undefined;
    for (let i = 0; i < siteCount; i++) {
      const place = i === 0 || random.chance(0.3) ? home : geography.pickNear(random, home);
      const site = { id: `location-${++this.sites}`, name: i === 0 ? name : `${name} - ${place.city}`, place };
      const { location, address } = buildLocation(this.context, { ...site, managingOrganization: { id, name } });
      groupAddress ??= address;
      sites.push(site);
      emit(location);
    }

    const group: PracticeGroup = {
      id,
      name,
      phone: this.context.phone(),
      serviceId: `service-${index}`,
      networkExtensions: this.networksOfGroup().map((network) => networkReference(network.id, network.name)),
      primary,
    };
    const endpointId = random.chance(DIRECT_ENDPOINT_SHARE) ? `endpoint-${id}` : null;
    emit(this.organization(index, group, groupAddress, endpointId));
    emit(this.service(group, sites));
    if (endpointId) emit(directEndpoint(endpointId, group));

    let remaining = maxProviderLocations;
    for (let i = 0; i < roleCount && remaining > 0; i++) {
      const wanted = sites.length > 1 && random.chance(MULTI_SITE_SHARE) ? random.int(2, Math.min(3, sites.length)) : 1;
      const count = Math.min(wanted, remaining);
      this.clinicians.emit(group, count === 1 ? [random.pick(sites)] : random.sample(sites, count), emit);
      remaining -= count;
    }
  }

  private groupSize(): number {
    const { random } = this.context;
    const draw = random.next();
    if (draw < 0.3) return 1;
    if (draw < 0.75) return random.int(2, 9);
    if (draw < 0.95) return random.int(10, 49);
    return random.int(50, 250);
  }

  private siteCount(roleCount: number): number {
    const { random } = this.context;
    if (roleCount === 1) return random.chance(0.1) ? 2 : 1;
    if (roleCount < 10) return random.int(1, 3);
    if (roleCount < 50) return random.int(2, 6);
    return random.int(4, 15);
  }

  private groupName(roleCount: number, primary: NuccSpecialty, city: string): string {
    const { random } = this.context;
    const practice = primary.display.replace(/ Physician$/, '').replace(/ \(.*\)/, '');
    const family = random.pick(FAMILY_NAMES);
    const small = [
      `${family} ${practice}`,
      `${family} & ${random.pick(FAMILY_NAMES)} ${practice}`,
      `${city} ${practice} Associates`,
    ];
    const large = [
      `${city} ${practice} Associates`,
      `${city} Medical Group`,
      `${family} Health Partners`,
      `${city} Community Health Center`,
    ];
    return random.pick(roleCount < 10 ? small : large);
  }

  /** Some networks of some payers; at least one, since a group in no network is not listed. */
  private networksOfGroup(): { id: string; name: string }[] {
    const { random } = this.context;
    const networks = this.payers.flatMap((payer) =>
      random.chance(PAYER_PARTICIPATION) ? random.sample(payer.networks, random.int(1, 2)) : [],
    );
    return networks.length > 0 ? networks : [random.pick(random.pick(this.payers).networks)];
  }

  private organization(index: number, group: PracticeGroup, address: Json | undefined, endpointId: string | null): GeneratedResource {
    const npi = npiAt(index, 2);
    return {
      ...header('Organization', group.id),
      identifier: [
        { use: 'official', system: SYSTEM.npi, value: this.context.plant('numericIdentifier') ? Number(npi) : npi },
      ],
      active: true,
      type: orgType('prvgrp', 'Provider Group'),
      name: group.name,
      telecom: [{ system: 'phone', value: group.phone, use: 'work' }],
      ...(address && { address: [address] }),
      ...(endpointId && { endpoint: [reference('Endpoint', endpointId)] }),
    };
  }

  private service(group: PracticeGroup, sites: readonly PracticeSite[]): GeneratedResource {
    const { random } = this.context;
    const extension = [newPatientsExtension(drawAcceptingPatients(random)), deliveryMethodExtension('physical')];
    if (random.chance(0.2)) extension.push(deliveryMethodExtension('virtual'));
    return {
      ...header('HealthcareService', group.serviceId),
      extension,
      active: true,
      providedBy: reference('Organization', group.id, group.name),
      category: [concept(SYSTEM.serviceCategory, 'outpat', 'Clinic or Outpatient Facility')],
      location: sites.map((site) => reference('Location', site.id, site.name)),
      name: group.name,
      telecom: [{ system: 'phone', value: group.phone, use: 'work' }],
      appointmentRequired: true,
      availableTime: [{ daysOfWeek: [...WEEKDAYS], availableStartTime: '08:00:00', availableEndTime: '17:00:00' }],
    };
  }
}

/** A Direct (secure e-mail) endpoint shaped like the reference directory's NPPES ones. */
function directEndpoint(id: string, group: PracticeGroup): GeneratedResource {
  const slug = group.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return {
    ...header('Endpoint', id),
    extension: [
      {
        url: PLAN_NET_EXTENSION.endpointUsecase,
        extension: [{ url: 'type', valueCodeableConcept: concept(SYSTEM.endpointUsecase, 'TREAT', 'treatment') }],
      },
    ],
    status: 'active',
    connectionType: { system: SYSTEM.endpointConnectionType, code: 'direct-project', display: 'Direct Project' },
    name: `${group.name} Direct Address`,
    managingOrganization: reference('Organization', group.id, group.name),
    payloadType: [concept(SYSTEM.endpointPayloadType, 'NA', 'Not Applicable')],
    address: `mailto:${slug}@direct.${slug}.example`,
  };
}
