import { networkReferences, type FhirResource } from '@pds/fhir';
import type { Named, NetworkRef, PlanRef } from '@pds/search';
import type { DirectoryContext } from './directory-context';
import { asArray, asObject, asText, distinctBy } from './fhir-json-reader';

/** The plans and payers a provider is reachable through. */
export interface NetworkCoverage {
  networks: NetworkRef[];
  plans: PlanRef[];
  payers: Named[];
}

/**
 * The ids an InsurancePlan's entries in the catalog were built from. A role records its
 * networks, not the plans: a plan changing (or appearing) rebuilds the roles of the networks
 * it lists, before and after the change, and a payer changing rebuilds those of its plans.
 */
export interface PlanLinks {
  /** Organization ids of the networks it covers. */
  networks: string[];
  /** Organization ids of its ownedBy and administeredBy. */
  payers: string[];
}

interface PlanEntry {
  plan: PlanRef;
  /** ownedBy and administeredBy. */
  payers: Named[];
}

const byId = (named: Named) => named.id;

/** A coverage already worked out for a set of networks, with the `Type/id`s it read. */
interface KnownCoverage {
  coverage: NetworkCoverage;
  inputs: Array<readonly ['Organization', string]>;
}

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
    /** Per InsurancePlan id, what its entries were built from. */
    readonly planLinks: ReadonlyMap<string, PlanLinks>,
    /**
     * Coverages per set of networks, shared by every view: a source has few distinct sets and
     * a million roles, so each set is joined once (documents share the result, never change it).
     */
    private readonly coverages = new Map<string, KnownCoverage>(),
  ) {}

  static async build(context: DirectoryContext): Promise<NetworkCatalog> {
    const plansByNetwork = new Map<string, PlanEntry[]>();
    const planLinks = new Map<string, PlanLinks>();
    for (const insurancePlan of context.all('InsurancePlan')) {
      const payers = await namedOrganizations(context, [insurancePlan.ownedBy, insurancePlan.administeredBy], insurancePlan);
      const networkReferencesOfPlan = [
        ...asArray(insurancePlan.network),
        ...asArray(insurancePlan.plan).flatMap((plan) => asArray(asObject(plan)?.network)),
      ];
      const networks = await namedOrganizations(context, networkReferencesOfPlan, insurancePlan);
      const entry: PlanEntry = {
        plan: { id: insurancePlan.id, name: asText(insurancePlan.name), payerIds: payers.map(byId), networkIds: networks.map(byId) },
        payers,
      };
      for (const network of networks) {
        const entries = plansByNetwork.get(network.id) ?? [];
        entries.push(entry);
        plansByNetwork.set(network.id, entries);
      }
      planLinks.set(insurancePlan.id, { networks: networks.map(byId), payers: entry.payers.map(byId) });
    }
    return new NetworkCatalog(context, plansByNetwork, planLinks);
  }

  /** The same catalog reading through another view of the context (one that records inputs). */
  readingThrough(context: DirectoryContext): NetworkCatalog {
    return new NetworkCatalog(context, this.plansByNetwork, this.planLinks, this.coverages);
  }

  /**
   * The networks a resource names: its `network-reference` extensions (PractitionerRole, Location,
   * HealthcareService) and its `network` element (OrganizationAffiliation). A dangling reference
   * still counts (its display names it): the resource asserts the membership, only details are missing.
   */
  networksOf(resource: FhirResource): Promise<Named[]> {
    return namedOrganizations(this.context, [...networkReferences(resource), ...asArray(resource.network)], resource);
  }

  /**
   * The networks with their payers, the plans covering any of them, and the payers behind the
   * networks and the plans. A network's payers are its `partOf` and the payers of its plans.
   * A set met before is answered from memory, recording the same inputs as the first time.
   */
  async coverage(networks: Named[]): Promise<NetworkCoverage> {
    const key = networks.map(({ id, name }) => `${id}\u0000${name ?? ''}`).join('\u0001');
    let known = this.coverages.get(key);
    if (!known) {
      const inputs: KnownCoverage['inputs'] = [];
      known = { coverage: await this.join(networks, inputs), inputs };
      this.coverages.set(key, known);
    }
    for (const [type, id] of known.inputs) this.context.record(type, id);
    return known.coverage;
  }

  private async join(networks: Named[], inputs: KnownCoverage['inputs']): Promise<NetworkCoverage> {
    const perNetwork = await Promise.all(
      networks.map(async (network) => {
        inputs.push(['Organization', network.id]);
        const organization = this.context.get('Organization', network.id);
        const partOf = organization ? await this.context.named(organization.partOf, organization, 'Organization') : null;
        if (partOf) inputs.push(['Organization', partOf.id]);
        const entries = this.plansByNetwork.get(network.id) ?? [];
        const payers = distinctBy([...(partOf ? [partOf] : []), ...entries.flatMap((entry) => entry.payers)], byId);
        return { network: { ...network, payerIds: payers.map(byId) }, entries, payers };
      }),
    );
    return {
      networks: perNetwork.map(({ network }) => network),
      plans: distinctBy(
        perNetwork.flatMap(({ entries }) => entries.map((entry) => entry.plan)),
        byId,
      ),
      payers: distinctBy(
        perNetwork.flatMap(({ payers }) => payers),
        byId,
      ),
    };
  }
}
