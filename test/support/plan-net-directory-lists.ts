import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLAN_NET_DIR } from './plan-net-expectations';

/**
 * The dropdown lists a frontend should get for the shared Plan-Net data, computed from the raw
 * NDJSON and the expected documents, not from the product: a network's payer is its `partOf` or
 * a payer (ownedBy, administeredBy) of a plan covering it; counts are distinct providers.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (type: string): Json[] =>
  fs.readFileSync(path.join(PLAN_NET_DIR, `${type}.ndjson`), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Json);
const idOf = (reference: string | undefined) => reference?.split('/').pop();

export interface ListEntry {
  id: string;
  providerCount: number;
}

export interface DirectoryLists {
  payers: ListEntry[];
  networksOf(payer: string): ListEntry[];
  plansOf(payer: string): ListEntry[];
  languages: ListEntry[];
}

/** What the lists count of a document of any kind: its provider, networks and languages. */
export interface ListedDocument {
  provider: string;
  networks: string[];
  languages: string[];
}

export function directoryLists(documents: readonly ListedDocument[]): DirectoryLists {
  const organizations = new Map(read('Organization').map((r) => [r.id, r]));
  const plans = read('InsurancePlan').map((plan) => ({
    id: plan.id as string,
    payers: [idOf(plan.ownedBy?.reference), idOf(plan.administeredBy?.reference)].filter((id): id is string => !!id),
    networks: [...(plan.network ?? []), ...(plan.plan ?? []).flatMap((p: Json) => p.network ?? [])].map((ref: Json) => idOf(ref.reference)!),
  }));
  const networkPayers = (network: string): string[] => {
    const partOf = idOf(organizations.get(network)?.partOf?.reference);
    return [...new Set([...(partOf ? [partOf] : []), ...plans.filter((plan) => plan.networks.includes(network)).flatMap((plan) => plan.payers)])];
  };
  const providersBy = (keysOf: (document: ListedDocument) => string[]): Map<string, Set<string>> => {
    const providers = new Map<string, Set<string>>();
    for (const document of documents) {
      for (const key of keysOf(document)) providers.set(key, (providers.get(key) ?? new Set()).add(document.provider));
    }
    return providers;
  };
  const planIdsOf = (document: ListedDocument) => plans.filter((plan) => plan.networks.some((network) => document.networks.includes(network))).map((plan) => plan.id);
  const byNetwork = providersBy((document) => document.networks);
  const byPlan = providersBy(planIdsOf);
  const byPayer = providersBy((document) => [
    ...document.networks.flatMap((network) => idOf(organizations.get(network)?.partOf?.reference) ?? []),
    ...plans.filter((plan) => planIdsOf(document).includes(plan.id)).flatMap((plan) => plan.payers),
  ]);
  const byLanguage = providersBy((document) => document.languages);
  const entries = (providers: Map<string, Set<string>>, keep: (id: string) => boolean = () => true): ListEntry[] =>
    [...providers].filter(([id]) => keep(id)).map(([id, set]) => ({ id, providerCount: set.size })).sort((a, b) => b.providerCount - a.providerCount || (a.id < b.id ? -1 : 1));
  return {
    payers: entries(byPayer),
    networksOf: (payer) => entries(byNetwork, (network) => networkPayers(network).includes(payer)),
    plansOf: (payer) => entries(byPlan, (plan) => plans.find((p) => p.id === plan)!.payers.includes(payer)),
    languages: entries(byLanguage),
  };
}
