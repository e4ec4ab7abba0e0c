import { networkReferences, type FhirResource } from '@pds/fhir';
import type { Named } from '@pds/search';
import type { DirectoryContext } from './directory-context';
import { asArray, asObject, asText, distinctBy } from './fhir-json.reader';

/** The plans and payers a provider is reachable through. */
export interface NetworkCoverage {
  plans: Named[];
  payers: Named[];
}

interface PlanEntry {
  plan: Named;
  /** ownedBy and administeredBy. */
  payers: Named[];
}

const byId = (named: Named) => named.id;

/** Distinct `{ id, name }` of the Organizations some references name. */
async function namedOrganizations(
  context: DirectoryContext,
  references: unknown[],
  referrer: FhirResource,
): Promise<Named[]> {
  const named = await Promise.all(references.map((reference) => context.named(reference, referrer, 'Organization')));
  return distinctBy(
    named.filter((item): item is Named => item !== null),
    byId,
  );
}

/**
 * Networks → plans → payers of one source. A plan covers a network listed in its `network`
 * or in any of its `plan[].network`; a network's payer is its `partOf`, and a plan's payers
 * are its `ownedBy` and `administeredBy`.
 */
export class NetworkCatalog {
  private constructor(
    private readonly context: DirectoryContext,
    private readonly plansByNetwork: ReadonlyMap<string, PlanEntry[]>,
  ) {}

  static async build(context: DirectoryContext): Promise<NetworkCatalog> {
    const plansByNetwork = new Map<string, PlanEntry[]>();
    for (const insurancePlan of context.all('InsurancePlan')) {
      const entry: PlanEntry = {
        plan: { id: insurancePlan.id, name: asText(insurancePlan.name) },
        payers: await namedOrganizations(context, [insurancePlan.ownedBy, insurancePlan.administeredBy], insurancePlan),
      };
      const networkReferencesOfPlan = [
        ...asArray(insurancePlan.network),
        ...asArray(insurancePlan.plan).flatMap((plan) => asArray(asObject(plan)?.network)),
      ];
      for (const network of await namedOrganizations(context, networkReferencesOfPlan, insurancePlan)) {
        const entries = plansByNetwork.get(network.id) ?? [];
        entries.push(entry);
        plansByNetwork.set(network.id, entries);
      }
    }
    return new NetworkCatalog(context, plansByNetwork);
  }

  /**
   * The networks a resource's `network-reference` extensions name. A dangling reference still
   * counts (its display names it): the role asserts the membership, only the details are missing.
   */
  networksOf(resource: FhirResource): Promise<Named[]> {
    return namedOrganizations(this.context, networkReferences(resource), resource);
  }

  /** Plans covering any of the networks, and the payers behind the networks and the plans. */
  async coverage(networks: Named[]): Promise<NetworkCoverage> {
    const entries = networks.flatMap((network) => this.plansByNetwork.get(network.id) ?? []);
    const networkPayers = await Promise.all(
      networks.map((network) => {
        const organization = this.context.get('Organization', network.id);
        return organization ? this.context.named(organization.partOf, organization, 'Organization') : null;
      }),
    );
    return {
      plans: distinctBy(
        entries.map((entry) => entry.plan),
        byId,
      ),
      payers: distinctBy(
        [
          ...networkPayers.filter((payer): payer is Named => payer !== null),
          ...entries.flatMap((entry) => entry.payers),
        ],
        byId,
      ),
    };
  }
}
