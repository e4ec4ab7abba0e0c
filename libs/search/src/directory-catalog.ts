import type { GeoPoint, ProviderDocument } from './provider-document';

/** What the directory's dropdown lists and suggestions are made of. */
export const CATALOG_KINDS = ['payer', 'network', 'plan', 'specialty', 'language', 'organization'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

/**
 * One payer, network, plan, specialty (id = NUCC code), language (id = lower-case tag) or
 * organization. Payers, networks, plans and organizations have scoped ids (see scoped-id.ts).
 */
export interface CatalogEntry {
  id: string;
  /** Payers, networks, plans, organizations: the FHIR id in their source; absent for documents indexed before ids were scoped. */
  fhirId?: string;
  /** With `fhirId`: the key (base URL) of that source, as documents carry it in `source`. */
  source?: string;
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

/** Where a document's entry numbers go: an array, or the index build's per-slot buffer. */
export interface EntrySink {
  push(entry: number): void;
}

/**
 * Counts distinct providers per catalog entry. Entries are numbered per kind and id as they are
 * met, with the first label that names them (a later one fills a missing name or position); each
 * document adds (entry, provider) pairs, counted once each at the end. Pairs are packed into one
 * Float64Array and sorted, so a million documents need no per-entry Set, and a document already
 * numbered allocates nothing (no key string, no label) for the entries it repeats.
 */
export class CatalogTally {
  private readonly numbers = Object.fromEntries(CATALOG_KINDS.map((kind) => [kind, new Map<string, number>()])) as Record<CatalogKind, Map<string, number>>;
  private readonly labels: { kind: CatalogKind; id: string; label: EntryLabel }[] = [];
  private readonly providerNumbers = new Map<string, number>();
  private pairs = new Float64Array(1024);
  private length = 0;

  /** Pushes the entry numbers of a document's payers, networks, plans, specialties, languages and organization. */
  entries(document: ProviderDocument, sink: EntrySink): void {
    const scope = (fhirId: string | undefined) => (fhirId === undefined ? {} : { fhirId, source: document.source });
    for (const { id, fhirId, name } of document.payers) sink.push(this.known('payer', id, name) ?? this.create('payer', id, { ...scope(fhirId), name }));
    for (const { id, fhirId, name, payerIds } of document.networks) {
      sink.push(this.known('network', id, name) ?? this.create('network', id, { ...scope(fhirId), name, payerIds: payerIds ?? [] }));
    }
    for (const { id, fhirId, name, payerIds, networkIds } of document.plans) {
      sink.push(this.known('plan', id, name) ?? this.create('plan', id, { ...scope(fhirId), name, payerIds: payerIds ?? [], networkIds: networkIds ?? [] }));
    }
    for (const { code, display } of document.specialties) sink.push(this.known('specialty', code, display) ?? this.create('specialty', code, { name: display }));
    for (const language of document.languages) {
      const id = language.toLowerCase();
      sink.push(this.known('language', id, null) ?? this.create('language', id, { name: null }));
    }
    const { organization, location } = document;
    if (organization) {
      const { id, fhirId, name } = organization;
      sink.push(this.known('organization', id, name, location.position) ?? this.create('organization', id, { ...scope(fhirId), name, position: location.position }));
    }
  }

  /** Counts a provider once for each of the entries. */
  count(providerKey: string, entries: ArrayLike<number>): void {
    let provider = this.providerNumbers.get(providerKey);
    if (provider === undefined) this.providerNumbers.set(providerKey, (provider = this.providerNumbers.size));
    for (let i = 0; i < entries.length; i++) this.push(entries[i] * PROVIDER_SPACE + provider);
  }

  add(document: ProviderDocument): void {
    const entries: number[] = [];
    this.entries(document, entries);
    this.count(document.providerKey, entries);
  }

  finish(): DirectoryCatalog {
    const providers = new Uint32Array(this.labels.length);
    const sorted = this.pairs.subarray(0, this.length).sort();
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) providers[Math.floor(sorted[i] / PROVIDER_SPACE)]++;
    const catalog = Object.fromEntries(CATALOG_KINDS.map((kind) => [kind, [] as CatalogEntry[]])) as DirectoryCatalog;
    this.labels.forEach(({ kind, id, label }, n) => catalog[kind].push({ id, ...label, providers: providers[n] }));
    for (const kind of CATALOG_KINDS) catalog[kind].sort((a, b) => b.providers - a.providers || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return catalog;
  }

  /** A numbered entry, its label completed with a name or position it lacked; undefined when new. */
  private known(kind: CatalogKind, id: string, name: string | null, position?: GeoPoint | null): number | undefined {
    const n = this.numbers[kind].get(id);
    if (n !== undefined) {
      const label = this.labels[n].label;
      label.name ??= name;
      if (label.position === null && position) label.position = position;
    }
    return n;
  }

  private create(kind: CatalogKind, id: string, label: EntryLabel): number {
    const n = this.labels.length;
    this.numbers[kind].set(id, n);
    this.labels.push({ kind, id, label });
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
