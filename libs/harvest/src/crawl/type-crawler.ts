import { type FhirClient, FhirFetchError, type FhirResource, type PlanNetType, nextLink } from '@pds/fhir';
import type { StorePass } from '@pds/store';
import type { TypeHarvestReport } from './harvest-report';

/**
 * Pages through every resource of one type by following `next` links and writes them into the
 * pass. Fails (so the pass is never committed) when the crawl cannot be known to be complete.
 */
export class TypeCrawler {
  constructor(
    private readonly client: FhirClient,
    private readonly sourceUrl: string,
    private readonly pageSize: number,
  ) {}

  async crawl(type: PlanNetType, pass: StorePass): Promise<TypeHarvestReport> {
    const report: TypeHarvestReport = { resources: 0, pages: 0, requests: 0, bytes: 0, quarantined: 0, serverTotal: null };
    const origin = new URL(this.sourceUrl).origin;
    const visited = new Set<string>();
    const seenIds = new Set<string>();
    let url: string | null = `${this.sourceUrl}/${type}?_count=${this.pageSize}`;
    while (url) {
      visited.add(url);
      const { bundle, bytes, attempts } = await this.client.getBundle(url);
      report.pages++;
      report.requests += attempts;
      report.bytes += bytes;
      if (report.pages === 1 && typeof bundle.total === 'number') report.serverTotal = bundle.total;
      const resources: FhirResource[] = [];
      const aliases: Record<string, string> = {};
      for (const entry of bundle.entry ?? []) {
        if (entry.search?.mode === 'include' || entry.search?.mode === 'outcome') continue;
        const resource = entry.resource;
        if (!isResourceOf(resource, type)) {
          report.quarantined++;
          continue;
        }
        if (seenIds.has(resource.id)) continue;
        seenIds.add(resource.id);
        resources.push(withoutNarrative(resource));
        const canonical = `${this.sourceUrl}/${type}/${resource.id}`;
        if (entry.fullUrl && entry.fullUrl !== canonical) aliases[entry.fullUrl] = `${type}/${resource.id}`;
      }
      await pass.put(resources);
      if (Object.keys(aliases).length > 0) await pass.putAliases(aliases);
      report.resources += resources.length;
      url = this.followable(nextLink(bundle), origin, visited);
    }
    if (report.serverTotal !== null && report.resources + report.quarantined < report.serverTotal) {
      throw new FhirFetchError(
        'refused-link',
        `${this.sourceUrl}/${type}`,
        `${type}: the server reported ${report.serverTotal} resources but the pages ended after ${report.resources}`,
        false,
      );
    }
    return report;
  }

  /** Refuses links that would leave the source (no SSRF through a payer) or loop back. */
  private followable(next: string | null, origin: string, visited: Set<string>): string | null {
    if (next === null) return null;
    let resolved: URL;
    try {
      // Relative links are relative to the base URL, which must end in a slash to keep its path.
      resolved = new URL(next, `${this.sourceUrl}/`);
    } catch {
      throw new FhirFetchError('refused-link', next, 'the next link is not a URL', false);
    }
    if (resolved.origin !== origin) {
      throw new FhirFetchError('refused-link', next, `the next link leaves the source's origin ${origin}`, false);
    }
    if (visited.has(resolved.toString())) {
      throw new FhirFetchError('refused-link', next, 'the next link loops back to a page already fetched', false);
    }
    return resolved.toString();
  }
}

function isResourceOf(resource: FhirResource | undefined, type: PlanNetType): resource is FhirResource {
  return resource?.resourceType === type && typeof resource.id === 'string' && resource.id.length > 0;
}

/** The narrative is the bulk of a Plan-Net resource and nothing we index reads it. */
function withoutNarrative(resource: FhirResource): FhirResource {
  const { text: _text, ...rest } = resource;
  return rest as FhirResource;
}
