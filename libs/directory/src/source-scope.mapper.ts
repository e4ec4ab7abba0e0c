import { type NetworkRef, type PlanRef, type ProviderDocument, type ScopedRef, scopedId } from '@pds/search';

/**
 * Gives a source's documents their source id and scopes the ids of their networks, plans,
 * payers and organization to it (`<sourceId>:<fhirId>`, see `scopedId`), keeping the FHIR id
 * beside. The mappers share coverage arrays between the documents of one set of networks, so
 * each array is scoped once and the scoped copy shared alike.
 */
export class SourceScope {
  private readonly scoped = new WeakMap<object, unknown>();

  constructor(readonly sourceId: string) {}

  document(document: ProviderDocument): ProviderDocument {
    return {
      ...document,
      sourceId: this.sourceId,
      organization: document.organization && this.once(document.organization, (organization) => this.ref(organization)),
      networks: this.once(document.networks, (networks) => networks.map((network): NetworkRef => this.network(network))),
      plans: this.once(document.plans, (plans) => plans.map((plan): PlanRef => this.plan(plan))),
      payers: this.once(document.payers, (payers) => payers.map((payer) => this.ref(payer))),
    };
  }

  private network({ payerIds, ...network }: NetworkRef): NetworkRef {
    return { ...this.ref(network), ...(payerIds && { payerIds: this.ids(payerIds) }) };
  }

  private plan({ payerIds, networkIds, ...plan }: PlanRef): PlanRef {
    return { ...this.ref(plan), ...(payerIds && { payerIds: this.ids(payerIds) }), ...(networkIds && { networkIds: this.ids(networkIds) }) };
  }

  private ref({ id, name }: ScopedRef): ScopedRef {
    return { id: scopedId(this.sourceId, id), fhirId: id, name };
  }

  private ids(ids: string[]): string[] {
    return ids.map((id) => scopedId(this.sourceId, id));
  }

  private once<T extends object>(value: T, scope: (value: T) => T): T {
    let scoped = this.scoped.get(value) as T | undefined;
    if (scoped === undefined) this.scoped.set(value, (scoped = scope(value)));
    return scoped;
  }
}
