import type { GenerationContext } from './generation-context';
import { npiAt } from './npi-check-digit';
import { concept, header, orgType, reference, SYSTEM, type GeneratedResource } from './plan-net-vocabulary';

/** A network a provider can be in, with the name its references display. */
export interface GeneratedNetwork {
  id: string;
  name: string;
}

export interface GeneratedPayer {
  id: string;
  name: string;
  networks: GeneratedNetwork[];
}

const PAYER_NAMES = [
  'Acme Health',
  'Bluestem Mutual',
  'Cascade Health Plan',
  'Keystone Care',
  'Liberty Shield',
  'Northwind Health',
  'Pinnacle Health Partners',
  'Summit Mutual',
] as const;

const NETWORK_TIERS = [
  'Preferred Provider Network',
  'HMO Network',
  'Select Network',
  'Medicare Advantage Network',
  'Medicaid Managed Care Network',
  'Exchange Network',
] as const;

/** InsurancePlan products: InsuranceProductTypeCS code and display, and the plan's name. */
const PRODUCTS = [
  { code: 'commppo', display: 'Commercial PPO', name: 'Gold PPO' },
  { code: 'commppo', display: 'Commercial PPO', name: 'Silver PPO' },
  { code: 'commhmo', display: 'Commercial HMO', name: 'Value HMO' },
  { code: 'qhp', display: 'Qualified Health Plan', name: 'Bronze Exchange' },
  { code: 'medicare', display: 'Medicare', name: 'Medicare Advantage HMO' },
  { code: 'medicaid', display: 'Medicaid', name: 'Community Medicaid' },
] as const;

/** Ids of the NPIs of payers, far from those of practice groups and pharmacies. */
const PAYER_NPI_BASE = 90_000_000;

/**
 * Draws 3–6 payers, each with 2–4 networks (`ntwk` Organizations, `partOf` the payer), 2–5
 * InsurancePlans over those networks, and a FHIR endpoint, and emits their resources.
 * The catalog is what practice groups and pharmacies then join.
 */
export function generatePayers(context: GenerationContext, emit: (resource: GeneratedResource) => void): GeneratedPayer[] {
  const { random, geography } = context;
  const names = random.sample(PAYER_NAMES, random.int(3, 6));
  return names.map((name, payerIndex) => {
    const id = `payer-${payerIndex + 1}`;
    const slug = name.toLowerCase().replace(/[^a-z]+/g, '-');
    const endpointId = `endpoint-${id}`;
    const home = geography.pick(random);
    emit({
      ...header('Organization', id),
      identifier: [{ use: 'official', system: SYSTEM.npi, value: npiAt(PAYER_NPI_BASE + payerIndex, 2) }],
      active: true,
      type: orgType('payer', 'Payer'),
      name,
      telecom: [
        { system: 'phone', value: context.phone(), use: 'work' },
        { system: 'url', value: `https://www.${slug}.example` },
      ],
      address: [context.address(home, context.streetLine())],
      endpoint: [reference('Endpoint', endpointId)],
    });
    emit({
      ...header('Endpoint', endpointId),
      status: 'active',
      connectionType: { system: SYSTEM.endpointConnectionType, code: 'hl7-fhir-rest', display: 'HL7 FHIR' },
      name: `${name} Provider Directory API`,
      managingOrganization: reference('Organization', id, name),
      payloadType: [concept(SYSTEM.endpointPayloadType, 'NA', 'Not Applicable')],
      address: `https://api.${slug}.example/fhir`,
    });

    const networks = random.sample(NETWORK_TIERS, random.int(2, 4)).map((tier, index) => ({
      id: `network-${payerIndex + 1}-${index + 1}`,
      name: `${name} ${tier}`,
    }));
    for (const network of networks) {
      emit({
        ...header('Organization', network.id, 'Network'),
        active: true,
        type: orgType('ntwk', 'Network'),
        name: network.name,
        partOf: reference('Organization', id, name),
      });
    }

    const planCount = random.int(2, 5);
    for (let index = 0; index < planCount; index++) {
      const product = random.pick(PRODUCTS);
      // Plans take the networks in turn, so every network has a plan once there are enough plans.
      const planNetworks = [networks[index % networks.length]];
      if (random.chance(0.3)) planNetworks.push(networks[(index + 1) % networks.length]);
      emit({
        ...header('InsurancePlan', `plan-${payerIndex + 1}-${index + 1}`),
        identifier: [{ use: 'official', system: 'https://www.cms.gov/CCIIO', value: `${home.state}${random.int(10000, 99999)}` }],
        status: 'active',
        type: [concept(SYSTEM.insuranceProductType, product.code, product.display)],
        name: `${name} ${product.name}`,
        ownedBy: reference('Organization', id, name),
        administeredBy: reference('Organization', id, name),
        network: [...new Set(planNetworks)].map((network) => reference('Organization', network.id, network.name)),
      });
    }
    return { id, name, networks };
  });
}
