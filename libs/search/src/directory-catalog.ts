import type { GeoPoint, ProviderDocument } from './provider-document';

/** What the directory's dropdown lists and suggestions are made of. */
export const CATALOG_KINDS = ['payer', 'network', 'plan', 'specialty', 'language', 'organization'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

/** One payer, network, plan, specialty (id = NUCC code), language (id = lower-case tag) or organization. */
export interface CatalogEntry {
  id: string;
  name: string | null;
  /** Distinct providers (by providerKey) whose documents carry it. */
  providers: number;
  /** Networks: their payers; plans: their payers. */
  payerIds?: string[];
  /** Plans: the networks they cover. */
  networkIds?: string[];
  /** Organizations: the position of one of their locations, for "near me" ranking. */
  position?: GeoPoint | null;
}

/** Every entry of the index per kind, most providers first, then by id. */
export type DirectoryCatalog = Record<CatalogKind, CatalogEntry[]>;

type EntryLabel = Omit<CatalogEntry, 'providers' | 'id'>;

/** The catalog entries one document contributes, keyed `kind:id`, with what names them. */
export function catalogItems(document: ProviderDocument): [key: string, label: EntryLabel][] {
  const items: [string, EntryLabel][] = [];
  for (const payer of document.payers) items.push([`payer:${payer.id}`, { name: payer.name }]);
  for (const network of document.networks) items.push([`network:${network.id}`, { name: network.name, payerIds: network.payerIds ?? [] }]);
  for (const plan of document.plans) {
    items.push([`plan:${plan.id}`, { name: plan.name, payerIds: plan.payerIds ?? [], networkIds: plan.networkIds ?? [] }]);
  }
  for (const specialty of document.specialties) items.push([`specialty:${specialty.code}`, { name: specialty.display }]);
  for (const language of document.languages) items.push([`language:${language.toLowerCase()}`, { name: null }]);
  if (document.organization) {
    items.push([`organization:${document.organization.id}`, { name: document.organization.name, position: document.location.position }]);
  }
  return items;
}

/**
 * Counts distinct providers per catalog entry. Entries are numbered as they are met, with the
 * first label that names them (a later one fills a missing name or position); each document
 * adds (entry, provider) pairs, counted once each at the end. Pairs are packed into one
 * Float64Array and sorted, so a million documents need no per-entry Set.
 */
export class CatalogTally {
  private readonly numbers = new Map<string, number>();
  private readonly labels: [string, EntryLabel][] = [];
  private readonly providerNumbers = new Map<string, number>();
  private pairs = new Float64Array(1024);
  private length = 0;

  /** The entry numbers of a document's items, for callers that record them per document first. */
  entries(document: ProviderDocument): number[] {
    return catalogItems(document).map(([key, label]) => this.entry(key, label));
  }

  /** Counts a provider once for each of the entries. */
  count(providerKey: string, entries: ArrayLike<number>): void {
    let provider = this.providerNumbers.get(providerKey);
    if (provider === undefined) this.providerNumbers.set(providerKey, (provider = this.providerNumbers.size));
    for (let i = 0; i < entries.length; i++) this.push(entries[i] * PROVIDER_SPACE + provider);
  }

  add(document: ProviderDocument): void {
    this.count(document.providerKey, this.entries(document));
  }

  finish(): DirectoryCatalog {
    const providers = new Uint32Array(this.labels.length);
    const sorted = this.pairs.subarray(0, this.length).sort();
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) providers[Math.floor(sorted[i] / PROVIDER_SPACE)]++;
    const catalog = Object.fromEntries(CATALOG_KINDS.map((kind) => [kind, [] as CatalogEntry[]])) as DirectoryCatalog;
    this.labels.forEach(([key, label], n) => {
      const at = key.indexOf(':');
      catalog[key.slice(0, at) as CatalogKind].push({ id: key.slice(at + 1), ...label, providers: providers[n] });
    });
    for (const kind of CATALOG_KINDS) catalog[kind].sort((a, b) => b.providers - a.providers || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return catalog;
  }

  private entry(key: string, label: EntryLabel): number {
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.labels.length;
      this.numbers.set(key, n);
      this.labels.push([key, { ...label }]);
    } else {
      const known = this.labels[n][1];
      known.name ??= label.name;
      if (known.position === null && label.position) known.position = label.position;
    }
    return n;
  }

  private push(pair: number): void {
    if (this.length === this.pairs.length) {
      const grown = new Float64Array(this.pairs.length * 2);
      grown.set(this.pairs);
      this.pairs = grown;
    }
    this.pairs[this.length++] = pair;
  }
}

/** Providers are numbered below this; entry * PROVIDER_SPACE + provider stays an exact double up to 2^21 entries. */
const PROVIDER_SPACE = 2 ** 32;

/** An empty catalog, for an empty index. */
export function emptyCatalog(): DirectoryCatalog {
  return new CatalogTally().finish();
}
