/** Turns what the person chose (and the embedder locked) into searchProviders' filter and sort. */
export type Near = { place: string } | { postalCode: string } | { latitude: number; longitude: number };

/** What the "Specialty, name or facility" box holds: a picked suggestion, or free text. */
export type What = { specialty: string } | { organization: string } | { text: string } | null;

export interface SearchChoices {
  near: Near | null;
  radiusMiles: number;
  what: What;
  kinds: string[];
  acceptingNewPatients: boolean;
  language: string;
  gender: string;
  telehealth: boolean;
  /** `network:<id>` or `plan:<id>` from the "Network or plan" filter. */
  coverage: string;
  payers: string[];
  networks: string[];
  plans: string[];
}

const NUCC_CODE = /^[0-9]{3}[0-9A-Z]{6}X$/;

export function nearFromText(text: string): Near | null {
  const typed = text.trim();
  if (typed === '') return null;
  return /^\d{5}(-\d{4})?$/.test(typed) ? { postalCode: typed } : { place: typed };
}

export function whatFromText(text: string): What {
  const typed = text.trim();
  if (typed === '') return null;
  return NUCC_CODE.test(typed) ? { specialty: typed } : { text: typed };
}

export function splitList(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function searchVariables(choices: SearchChoices): { filter: Record<string, unknown>; sort: 'DISTANCE' | 'RELEVANCE' } {
  const filter: Record<string, unknown> = { kinds: choices.kinds };
  if (choices.near) filter.near = { ...choices.near, radiusMiles: choices.radiusMiles };
  const what = choices.what;
  if (what && 'specialty' in what) filter.specialties = [what.specialty];
  if (what && 'organization' in what) filter.organizations = [what.organization];
  if (what && 'text' in what) filter.text = what.text;
  if (choices.acceptingNewPatients) filter.acceptingNewPatients = true;
  if (choices.language) filter.languages = [choices.language];
  if (choices.gender) filter.gender = choices.gender;
  if (choices.telehealth) filter.telehealth = true;
  const [scope, id] = choices.coverage.split(/:(.*)/);
  const networks = scope === 'network' ? [...choices.networks, id] : choices.networks;
  const plans = scope === 'plan' ? [...choices.plans, id] : choices.plans;
  if (choices.payers.length) filter.payers = choices.payers;
  if (networks.length) filter.networks = networks;
  if (plans.length) filter.plans = plans;
  return { filter, sort: choices.near ? 'DISTANCE' : 'RELEVANCE' };
}
