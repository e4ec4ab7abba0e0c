import { FhirFetchError } from '../fhir-fetch.error';

/** Redirects followed for one request before it is refused as a loop. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Where a redirect answer to `url` leads, or null when `status` is not a redirect. Only a
 * redirect within `url`'s origin is followed: a payer must not point the harvester at another
 * host (no SSRF through a payer), and an http→https move means the source's URL needs fixing.
 */
export function redirectTarget(url: string, status: number, location: string | null): string | null {
  if (!REDIRECT_STATUSES.has(status) || location === null) return null;
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    throw new FhirFetchError('refused-link', url, `HTTP ${status} redirects to something that is not a URL`, false);
  }
  const from = new URL(url);
  if (target.origin === from.origin) return target.toString();
  const upgrade = from.protocol === 'http:' && target.protocol === 'https:' && target.hostname === from.hostname;
  const hint = upgrade ? `; use ${target.origin} in the source's base URL` : '';
  throw new FhirFetchError('refused-link', url, `HTTP ${status} redirects to another origin, ${target.origin}${hint}`, false);
}
