import { assertPublicTarget, PrivateTargetError } from '@pds/fhir';
import type { SourceSettings } from './source-settings';

export interface SourceTargetPolicy {
  /** ALLOW_PRIVATE_SOURCES: an admin may point a source at loopback, private and link-local addresses. */
  allowPrivateTargets: boolean;
  /** ALLOW_INSECURE_SOURCE_HEADERS: a source with headers (an API key) may use http://. */
  allowInsecureHeaders: boolean;
}

/** A source's headers would travel in clear text: a problem unless the operator opted in. */
export function insecureHeadersProblem(settings: SourceSettings, policy: SourceTargetPolicy): string | null {
  if (policy.allowInsecureHeaders || Object.keys(settings.headers).length === 0) return null;
  if (new URL(settings.baseUrl).protocol === 'https:') return null;
  return (
    'headers: a source with headers (an API key) must use https, or they travel in clear text ' +
    '(accepted: an https baseUrl; the operator can allow http with ALLOW_INSECURE_SOURCE_HEADERS=true)'
  );
}

/**
 * Problems with where an admin points a source: its base URL and export origins must resolve to
 * public addresses. This is the check when the source is set; every request is checked again when
 * it connects, so a name that changes its address later gets no further.
 */
export async function privateTargetProblems(settings: SourceSettings, policy: SourceTargetPolicy): Promise<string[]> {
  if (policy.allowPrivateTargets) return [];
  const targets = [
    { field: 'baseUrl', url: settings.baseUrl },
    ...settings.exportOrigins.map((url, i) => ({ field: `exportOrigins.${i}`, url })),
  ];
  const problems: string[] = [];
  for (const { field, url } of targets) {
    try {
      await assertPublicTarget(url);
    } catch (error) {
      if (!(error instanceof PrivateTargetError)) throw error;
      problems.push(`${field}: ${error.message}`);
    }
  }
  return problems;
}
