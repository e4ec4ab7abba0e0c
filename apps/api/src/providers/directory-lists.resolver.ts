import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { type CatalogEntry, SEARCH_INDEX, type SearchIndex, matchesId, sourceIdOf, Suggester } from '@pds/search';
import { DirectoryEntry, LanguageEntry, SpecialtyEntry } from './directory-lists.model';
import { type SourceNamer, SourceNames } from './source-names';
import { userInputError } from './user-input.error';

export const MAX_LIST = 1000;
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Entries indexed before ids were scoped have the bare FHIR id as id, and no source. */
const entryOf =
  (sourceOf: SourceNamer) =>
  ({ id, fhirId, source, name, providers }: CatalogEntry): DirectoryEntry => ({
    id,
    fhirId: fhirId ?? id,
    source: source === undefined ? null : sourceOf(source, sourceIdOf(id) ?? undefined),
    name,
    providerCount: providers,
  });
const overlaps = (ids: readonly string[] | undefined, wanted: readonly string[] | null | undefined): boolean =>
  !wanted?.length || (ids ?? []).some((id) => wanted.some((value) => matchesId(id, value)));

/** Lists for a find-a-doctor page's dropdowns, from the index's catalog: only what can be found. */
@Resolver()
export class DirectoryListsResolver {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly suggester: Suggester,
    private readonly sources: SourceNames,
  ) {}

  @Query(() => [DirectoryEntry], { description: 'Payers with providers in the index, most providers first.' })
  async payers(): Promise<DirectoryEntry[]> {
    const [catalog, sourceOf] = await Promise.all([this.index.catalog(), this.sources.namer()]);
    return catalog.payer.map(entryOf(sourceOf));
  }

  @Query(() => [DirectoryEntry], { description: 'Networks, of the given payers when given (a network\'s payer is its partOf or a payer of its plans).' })
  async networks(@Args('payers', { type: () => [ID], nullable: true }) payers: string[] | null): Promise<DirectoryEntry[]> {
    const [catalog, sourceOf] = await Promise.all([this.index.catalog(), this.sources.namer()]);
    return catalog.network.filter((network) => overlaps(network.payerIds, payers)).map(entryOf(sourceOf));
  }

  @Query(() => [DirectoryEntry], { description: 'Insurance plans, of the given payers and covering the given networks when given.' })
  async plans(
    @Args('payers', { type: () => [ID], nullable: true }) payers: string[] | null,
    @Args('networks', { type: () => [ID], nullable: true }) networks: string[] | null,
  ): Promise<DirectoryEntry[]> {
    const [catalog, sourceOf] = await Promise.all([this.index.catalog(), this.sources.namer()]);
    return catalog.plan.filter((plan) => overlaps(plan.payerIds, payers) && overlaps(plan.networkIds, networks)).map(entryOf(sourceOf));
  }

  @Query(() => [SpecialtyEntry], {
    description: 'Specialties that occur in the index, most providers first; with text, those matching it by code prefix, display words or lay term ("heart doctor").',
  })
  async specialties(
    @Args('text', { type: () => String, nullable: true }) text: string | null,
    @Args('first', { type: () => Int, defaultValue: 50, description: `1 to ${MAX_LIST}.` }) first: number,
  ): Promise<SpecialtyEntry[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_LIST) throw userInputError(`first: ${first} is out of range; accepted: 1 to ${MAX_LIST}`);
    const all = (await this.index.catalog()).specialty;
    const displays = new Map(all.map((specialty) => [specialty.id, specialty.name]));
    const matched = text?.trim() ? await this.suggester.specialties(text) : all;
    return matched.slice(0, first).map((specialty) => ({
      code: specialty.id,
      display: specialty.name,
      classification: displays.get(`${specialty.id.slice(0, 4)}00000X`) ?? null,
      providerCount: specialty.providers,
    }));
  }

  @Query(() => [LanguageEntry], { description: 'Languages providers speak, most providers first, with English names.' })
  async languages(): Promise<LanguageEntry[]> {
    return (await this.index.catalog()).language.map(({ id, providers }) => ({ code: id, name: languageName(id), providerCount: providers }));
  }
}

function languageName(code: string): string | null {
  try {
    return languageNames.of(code) ?? null;
  } catch {
    return null;
  }
}
