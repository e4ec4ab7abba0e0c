import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { PlaceResolver } from '@pds/places';
import { Suggester } from '@pds/search';
import { Suggestion, SuggestionKind } from './directory-lists.model';
import { resolveNear } from './near.resolver';
import { GeoRadius } from './provider-filter.model';
import { userInputError } from './user-input.error';

export const MAX_SUGGESTIONS = 20;
const MAX_TEXT = 100;

@Resolver()
export class SuggestResolver {
  constructor(
    private readonly suggester: Suggester,
    private readonly places: PlaceResolver,
  ) {}

  @Query(() => [Suggestion], {
    description: 'Suggestions while typing: specialties (lay terms too), providers by name, organizations and places; typo-tolerant, the last word a prefix, best first.',
  })
  async suggest(
    @Args('text') text: string,
    @Args('near', { type: () => GeoRadius, nullable: true, description: 'Providers and organizations nearer this point rank first.' }) near: GeoRadius | null,
    @Args('first', { type: () => Int, defaultValue: 8, description: `1 to ${MAX_SUGGESTIONS}.` }) first: number,
  ): Promise<Suggestion[]> {
    const typed = text.trim();
    if (typed === '') throw userInputError('text: empty; accepted: at least one letter or digit');
    if (typed.length > MAX_TEXT) throw userInputError(`text: ${typed.length} characters; accepted: at most ${MAX_TEXT}`);
    if (!Number.isInteger(first) || first < 1 || first > MAX_SUGGESTIONS) {
      throw userInputError(`first: ${first} is out of range; accepted: 1 to ${MAX_SUGGESTIONS}`);
    }
    const resolved = near ? resolveNear(near, this.places, 'near').near : undefined;
    const suggestions = await this.suggester.suggest({ text: typed, near: resolved, limit: first });
    return suggestions.map(({ kind, label, value, providers }) => ({ kind: kind.toUpperCase() as SuggestionKind, label, value, providerCount: providers }));
  }
}
