import type { FhirResource } from './fhir-resource';

export interface BundleEntry {
  fullUrl?: string;
  resource?: FhirResource;
  search?: { mode?: string };
  /** In history and transaction Bundles: what happened to the resource (DELETE has no resource). */
  request?: { method?: string; url?: string };
}

export interface Bundle {
  resourceType: 'Bundle';
  type?: string;
  total?: number;
  link?: { relation?: string; url?: string }[];
  entry?: BundleEntry[];
}

export function isBundle(value: unknown): value is Bundle {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'Bundle';
}

export function nextLink(bundle: Bundle): string | null {
  const next = bundle.link?.find((link) => link.relation === 'next');
  return typeof next?.url === 'string' && next.url.length > 0 ? next.url : null;
}
