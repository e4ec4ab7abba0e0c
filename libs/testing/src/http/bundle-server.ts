import type { Bundle, BundleEntry, FhirResource } from '@pds/fhir';
import { sendJson, startTestHttpServer, type TestHttpServer } from './test-http-server';

export interface BundleServer extends TestHttpServer {
  /** `{origin}/fhir`, without a trailing slash. */
  baseUrl: string;
}

/**
 * A FHIR server answering crafted Bundles. `pages(baseUrl)` maps a path and query under the base
 * (`/Location?_count=2`) to its answer; anything else is a 404. It is called for every request, so a
 * test can change the answers between harvests.
 */
export async function startBundleServer(pages: (baseUrl: string) => Record<string, Bundle>): Promise<BundleServer> {
  let baseUrl = '';
  const server = await startTestHttpServer((req, res) => {
    const page = req.url?.startsWith('/fhir/') ? pages(baseUrl)[req.url.slice('/fhir'.length)] : undefined;
    if (page) sendJson(res, page);
    else sendJson(res, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, 404);
  });
  baseUrl = `${server.origin}/fhir`;
  return { ...server, baseUrl };
}

/** A searchset page: each entry a match with its canonical fullUrl unless the entry gives its own. */
export function searchset(
  baseUrl: string,
  entries: (FhirResource | BundleEntry)[],
  { total, next }: { total?: number; next?: string } = {},
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total === undefined ? {} : { total }),
    link: next === undefined ? [] : [{ relation: 'next', url: next }],
    entry: entries.map((entry) =>
      'resourceType' in entry
        ? { fullUrl: `${baseUrl}/${entry.resourceType}/${entry.id}`, resource: entry, search: { mode: 'match' } }
        : entry,
    ),
  };
}
