import type { FhirResource } from './fhir-resource';

/** A reference resolved to the resource it names. */
export interface ResolvedReference {
  type: string;
  id: string;
  /** Set for a `#id` reference: the contained resource itself, which no store holds on its own. */
  resource?: FhirResource;
}

/**
 * Looks up what a Bundle `fullUrl` (urn:uuid, urn:oid or absolute URL) was recorded as, as
 * `Type/id`; the store's `resolveAlias` bound to one source.
 */
export type AliasLookup = (url: string) => Promise<string | null>;

const RESOURCE_TYPE = /^[A-Z][A-Za-z]+$/;
const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Parses a literal `Type/id` reference, relative or absolute, with or without a trailing
 * `/_history/n`. Absolute URLs keep only their last `Type/id` segments, whatever the base.
 * Returns null for anything else (contained, urn, search URLs, malformed values).
 */
export function parseLiteralReference(value: string): ResolvedReference | null {
  let path = value.trim();
  if (ABSOLUTE_URL.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      return null;
    }
  } else if (path.includes(':') || path.includes('?')) {
    return null;
  }
  const segments = path.split('/').filter((segment) => segment.length > 0);
  if (segments.length >= 4 && segments[segments.length - 2] === '_history') segments.length -= 2;
  if (segments.length < 2) return null;
  const [type, id] = segments.slice(-2);
  return RESOURCE_TYPE.test(type) && RESOURCE_ID.test(id) ? { type, id } : null;
}

/**
 * Resolves a FHIR Reference in any of its four forms: relative `Type/id`, absolute URL,
 * `#contained-id` (looked up in `referrer.contained`) and `urn:uuid:`/`urn:oid:` (through
 * `lookupAlias`). Absolute URLs are tried against the aliases first, because a Bundle's
 * `fullUrl` may name a resource under an id other than the one in the URL.
 *
 * Never throws: a value that is not a readable Reference, or that names nothing, gives null.
 */
export async function resolveReference(
  reference: unknown,
  referrer: FhirResource | null,
  lookupAlias?: AliasLookup,
): Promise<ResolvedReference | null> {
  if (typeof reference !== 'object' || reference === null) return null;
  const value = (reference as { reference?: unknown }).reference;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const literal = value.trim();

  if (literal.startsWith('#')) return resolveContained(literal.slice(1), referrer);
  const isUrn = literal.toLowerCase().startsWith('urn:');
  if ((isUrn || ABSOLUTE_URL.test(literal)) && lookupAlias) {
    const alias = await lookupAlias(literal);
    const aliased = alias ? parseLiteralReference(alias) : null;
    if (aliased) return aliased;
  }
  return isUrn ? null : parseLiteralReference(literal);
}

function resolveContained(id: string, referrer: FhirResource | null): ResolvedReference | null {
  if (!referrer) return null;
  // A bare "#" refers to the containing resource itself.
  if (id === '') return { type: referrer.resourceType, id: referrer.id, resource: referrer };
  const contained = Array.isArray(referrer.contained) ? (referrer.contained as unknown[]) : [];
  const match = contained.find(
    (candidate): candidate is FhirResource =>
      typeof candidate === 'object' &&
      candidate !== null &&
      (candidate as FhirResource).id === id &&
      typeof (candidate as FhirResource).resourceType === 'string',
  );
  return match ? { type: match.resourceType, id, resource: match } : null;
}
