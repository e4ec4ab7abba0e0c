import type { FaultKind } from './fault-plan';

/** Where a faulted answer was asked for: the proxy's own URL of the request. */
export interface BodyFaultContext {
  requestUrl: string;
}

interface LinkedBundle {
  resourceType: 'Bundle';
  total?: number;
  link?: { relation?: string; url?: string }[];
  entry?: unknown[];
}

const HTML_ERROR_PAGE = '<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>';
const OPERATION_OUTCOME = JSON.stringify({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'exception', diagnostics: 'injected by the fault proxy' }],
});

/** The faulted body and its content type, or null when `kind` does not apply to this body. */
export function applyBodyFault(kind: FaultKind, body: string, context: BodyFaultContext): { body: string; contentType?: string } | null {
  switch (kind) {
    case 'truncate':
      return body.length > 1 ? { body: body.slice(0, Math.floor(body.length / 2)) } : null;
    case 'html':
      return { body: HTML_ERROR_PAGE, contentType: 'text/html' };
    case 'not-bundle':
      return { body: OPERATION_OUTCOME, contentType: 'application/fhir+json' };
    default: {
      const bundle = parseBundle(body);
      const faulted = bundle && applyLinkFault(kind, bundle, context);
      return faulted ? { body: JSON.stringify(faulted) } : null;
    }
  }
}

function applyLinkFault(kind: FaultKind, bundle: LinkedBundle, { requestUrl }: BodyFaultContext): LinkedBundle | null {
  const next = bundle.link?.find((link) => link.relation === 'next')?.url;
  switch (kind) {
    case 'loop-next':
      return withNext(bundle, requestUrl);
    case 'cross-origin-next': {
      const target = new URL(next ?? requestUrl);
      return withNext(bundle, `http://evil.example${target.pathname}${target.search}`);
    }
    case 'drop-next':
      return next === undefined ? null : withNext(bundle, null);
    case 'next-after-last': {
      if (next !== undefined) return null;
      // The test FHIR server pages by _offset: a page past `total` is one it will answer, empty.
      const beyond = new URL(requestUrl);
      const offset = Number(beyond.searchParams.get('_offset') ?? 0);
      beyond.searchParams.set('_offset', String(bundle.total ?? offset + (bundle.entry?.length ?? 0)));
      return withNext(bundle, beyond.toString());
    }
    case 'extra-entries':
      return bundle.entry?.length ? { ...bundle, entry: [...bundle.entry, ...bundle.entry] } : null;
    default:
      return null;
  }
}

function withNext(bundle: LinkedBundle, url: string | null): LinkedBundle {
  const others = (bundle.link ?? []).filter((link) => link.relation !== 'next');
  return { ...bundle, link: url === null ? others : [...others, { relation: 'next', url }] };
}

function parseBundle(body: string): LinkedBundle | null {
  try {
    const parsed = JSON.parse(body) as { resourceType?: unknown };
    return parsed?.resourceType === 'Bundle' ? (parsed as LinkedBundle) : null;
  } catch {
    return null;
  }
}
