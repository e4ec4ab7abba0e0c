import { Inject } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { type ProviderDocument, SEARCH_INDEX, type SearchIndex } from '@pds/search';
import { toNode } from './provider-node.mapper';
import { Provider } from './provider-record.model';
import { SourceNames } from './source-names';
import { userInputError } from './user-input.error';

/** More locations than any real provider has; the record lists at most this many. */
export const MAX_PROVIDER_LOCATIONS = 1000;
const NPI = /^\d{10}$/;

@Resolver()
export class ProviderRecordResolver {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly sources: SourceNames,
  ) {}

  @Query(() => Provider, {
    nullable: true,
    description: "One provider's whole record by NPI or providerKey (exactly one): every role at every location, from every directory. Null when unknown.",
  })
  async provider(
    @Args('npi', { type: () => String, nullable: true, description: '10 digits.' }) npi: string | null,
    @Args('providerKey', { type: () => ID, nullable: true, description: 'A providerKey from a search result.' }) providerKey: string | null,
  ): Promise<Provider | null> {
    if ((npi === null || npi === undefined) === (providerKey === null || providerKey === undefined)) {
      throw userInputError('provider: give exactly one of npi or providerKey');
    }
    if (npi !== null && npi !== undefined && !NPI.test(npi.trim())) throw userInputError(`npi: "${npi}" is not accepted; expected 10 digits`);
    const key = providerKey ?? `npi:${npi!.trim()}`;
    const result = await this.index.search({ filters: { providerKeys: [key] }, sort: 'relevance', offset: 0, limit: MAX_PROVIDER_LOCATIONS });
    if (result.hits.length === 0) return null;
    return this.record(result.hits.map((hit) => hit.document));
  }

  private async record(documents: ProviderDocument[]): Promise<Provider> {
    const ordered = [...documents].sort(
      (a, b) => compare(a.source, b.source) || compare(a.location.address?.text ?? '', b.location.address?.text ?? '') || compare(a.id, b.id),
    );
    const [first] = ordered;
    const sourceOf = await this.sources.namer();
    const distinct = <T>(items: T[], key: (item: T) => string): T[] => [...new Map(items.map((item) => [key(item), item])).values()];
    return {
      providerKey: first.providerKey,
      npi: first.npi,
      name: first.name,
      gender: first.gender,
      languages: [...new Set(ordered.flatMap((document) => document.languages))],
      specialties: distinct(
        ordered.flatMap((document) => document.specialties),
        (specialty) => specialty.code,
      ),
      qualifications: distinct(
        ordered.flatMap((document) => document.qualifications),
        (q) => [q.code, q.issuer, q.identifier].join('|'),
      ),
      // Read through to the documents, as a search result's node is (defaults and named references included).
      locations: ordered.map((document) => toNode({ document, distanceKm: null }, sourceOf)),
    };
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
