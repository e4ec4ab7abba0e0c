import { type FacetField, type GeoRadius, InvalidQueryError, type ProviderDocument, type QueryNames, type SearchQuery, validateQuery } from '@pds/search';
import { type ProviderFilter, ProviderKind, ProviderSort } from './provider-filter.model';
import { decodeCursor, queryFingerprint } from './search-cursor';

export const MAX_PAGE_SIZE = 100;
const MAX_TEXT_LENGTH = 200;
const NUCC_CODE = /^[0-9A-Z]{9}X$/;
const BCP47 = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;
const GENDERS = ['male', 'female', 'other', 'unknown'];
const STATE = /^[A-Z]{2}$/;
const ZIP5 = /^[0-9]{5}$/;
const CATEGORY = /^[a-z0-9-]{1,64}$/;
const KINDS: Record<ProviderKind, ProviderDocument['kind']> = {
  [ProviderKind.PRACTITIONER]: 'practitioner',
  [ProviderKind.FACILITY]: 'facility',
  [ProviderKind.PHARMACY]: 'pharmacy',
};

/** The GraphQL path of each part of the port's query, for the search library's refusals. */
const GRAPHQL_QUERY_NAMES: QueryNames = {
  sort: 'sort',
  distanceSort: 'DISTANCE',
  near: 'filter.near',
  boundingBox: 'filter.boundingBox',
  offset: 'after',
  limit: 'first',
  text: 'filter.text',
  filters: 'filter',
};

export interface ProviderSearchArgs {
  filter?: ProviderFilter | null;
  sort: ProviderSort;
  first: number;
  after?: string | null;
  onePerProvider: boolean;
  facets: readonly FacetField[];
  /** filter.near, resolved to a point and kilometres (see resolveNear). */
  near?: GeoRadius;
}

/**
 * Turns GraphQL arguments into the port's query. The API's own limits (page size, text length,
 * code formats) are checked here; ranges, DISTANCE-needs-near and the bounding box are the search
 * library's `validateQuery`, run with the GraphQL names. Every refusal is an InvalidQueryError
 * saying what is accepted (the error formatter makes it BAD_USER_INPUT).
 */
export function toSearchQuery(args: ProviderSearchArgs): { query: SearchQuery; fingerprint: () => string } {
  const filter = args.filter ?? {};
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw new InvalidQueryError('first', `${args.first} is out of range; accepted: 1 to ${MAX_PAGE_SIZE}`);
  }
  const text = filter.text?.trim();
  if (text && text.length > MAX_TEXT_LENGTH) {
    throw new InvalidQueryError('filter.text', `${text.length} characters; accepted: at most ${MAX_TEXT_LENGTH}`);
  }
  const query: Omit<SearchQuery, 'offset'> = {
    text: text || undefined,
    near: args.near,
    boundingBox: filter.boundingBox ?? undefined,
    groupByProvider: args.onePerProvider || undefined,
    sort: args.sort === ProviderSort.DISTANCE ? 'distance' : 'relevance',
    limit: args.first,
    facets: args.facets,
    filters: {
      specialties: checkedList('filter.specialties', filter.specialties, NUCC_CODE, 'NUCC taxonomy codes: 9 capital letters or digits then X, e.g. 207RC0000X', (code) => code.toUpperCase()),
      languages: checkedList('filter.languages', filter.languages, BCP47, 'BCP-47 language codes such as es, en-US or zh-Hant', (code) => code.toLowerCase()),
      networks: nonEmpty(filter.networks),
      plans: nonEmpty(filter.plans),
      gender: checkedGender(filter.gender),
      acceptingNewPatients: filter.acceptingNewPatients ?? undefined,
      payers: nonEmpty(filter.payers),
      organizations: nonEmpty(filter.organizations),
      telehealth: filter.telehealth ?? undefined,
      states: checkedList('filter.states', filter.states, STATE, 'two-letter USPS state codes such as CT', (code) => code.toUpperCase()),
      postalCodes: checkedList('filter.postalCodes', filter.postalCodes, ZIP5, 'five-digit ZIP codes such as 06103', (zip) => zip),
      kinds: filter.kinds?.length ? [...new Set(filter.kinds.map((kind) => KINDS[kind]))] : ['practitioner'],
      serviceCategories: checkedList('filter.serviceCategories', filter.serviceCategories, CATEGORY, 'HealthcareService category codes such as hosp, urg or pharm', (code) => code.toLowerCase()),
    },
  };
  // Hashed only for a cursor given or asked for: most searches select neither.
  let hashed: string | undefined;
  const fingerprint = () => (hashed ??= queryFingerprint({ ...query, facets: undefined, limit: undefined }));
  const offset = args.after ? decodeCursor(args.after, fingerprint()) : 0;
  validateQuery({ ...query, offset }, GRAPHQL_QUERY_NAMES);
  return { query: { ...query, offset }, fingerprint };
}

function checkedList(
  field: string,
  values: string[] | undefined,
  pattern: RegExp,
  accepted: string,
  normalize: (value: string) => string,
): string[] | undefined {
  const list = nonEmpty(values)?.map((value) => normalize(value.trim()));
  const bad = list?.find((value) => !pattern.test(value));
  if (bad !== undefined) throw new InvalidQueryError(field, `"${bad}" is not accepted; expected ${accepted}`);
  return list;
}

function checkedGender(gender: string | undefined): string | undefined {
  if (gender === undefined || gender === null) return undefined;
  const value = gender.trim().toLowerCase();
  if (!GENDERS.includes(value)) {
    throw new InvalidQueryError('filter.gender', `"${gender}" is not accepted; expected one of ${GENDERS.join(', ')}`);
  }
  return value;
}

function nonEmpty(values: string[] | undefined | null): string[] | undefined {
  return values && values.length > 0 ? values : undefined;
}
