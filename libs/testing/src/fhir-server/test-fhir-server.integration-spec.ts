import { isDeepStrictEqual } from 'node:util';
import { PLAN_NET_TYPES, type FhirResource } from '@pds/fhir';
import { planNetDataDir, readNdjsonDirectory, startTestFhirServer, type TestFhirServer } from '../index';

interface Bundle {
  resourceType: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { fullUrl?: string; resource: FhirResource }[];
}

async function getJson<T>(url: string): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

const next = (bundle: Bundle): string | undefined => bundle.link?.find((l) => l.relation === 'next')?.url;

describe('startTestFhirServer over the Plan-Net reference data', () => {
  let server: TestFhirServer;
  let published: Record<string, FhirResource[]>;

  beforeAll(async () => {
    published = await readNdjsonDirectory(planNetDataDir());
    server = await startTestFhirServer({ dataDir: planNetDataDir() });
  }, 30_000);

  afterAll(() => server?.close());

  it('reads all 5,274 resources of the 8 Plan-Net types', () => {
    expect(Object.keys(published).sort()).toEqual([...PLAN_NET_TYPES].sort());
    expect(Object.values(published).flat()).toHaveLength(5274);
  });

  it.each([...PLAN_NET_TYPES])('pages through every %s by its next links with _count=100', async (type) => {
    const ids: string[] = [];
    let url: string | undefined = `${server.baseUrl}/${type}?_count=100`;
    while (url) {
      const { status, body } = await getJson<Bundle>(url);
      expect(status).toBe(200);
      expect(body.total).toBe(published[type].length);
      expect(body.entry?.length ?? 0).toBeLessThanOrEqual(100);
      expect(body.link?.find((l) => l.relation === 'self')?.url).toBe(url.includes('_offset') ? url : `${url}&_offset=0`);
      for (const { fullUrl, resource } of body.entry ?? []) {
        expect(fullUrl).toBe(`${server.baseUrl}/${type}/${resource.id}`);
        ids.push(resource.id);
      }
      url = next(body);
    }
    expect(ids).toHaveLength(published[type].length); // no page served twice
    expect(ids.sort()).toEqual(published[type].map((r) => r.id).sort());
  }, 30_000); // medplum deep-copies every match per page: seconds for Practitioner on a busy machine

  it('serves resources as published, invalid FHIR included, adding only missing meta', async () => {
    const changed: string[] = [];
    for (const resource of Object.values(published).flat()) {
      const stored = await server.repository.readResource(resource.resourceType, resource.id);
      const meta = { ...stored.meta };
      if (!resource.meta?.versionId) delete meta.versionId;
      // medplum stamps "now" on the 3 IG examples that have no lastUpdated
      if (!resource.meta?.lastUpdated) delete meta.lastUpdated;
      const expected = { ...resource, meta: { ...resource.meta } };
      if (!isDeepStrictEqual({ ...stored, meta }, expected)) changed.push(`${resource.resourceType}/${resource.id}`);
    }
    expect(changed).toEqual([]);
    const numericIds = published.Organization.filter((org) =>
      (org.identifier as { value?: unknown }[] | undefined)?.some((i) => typeof i.value === 'number'),
    );
    expect(numericIds).toHaveLength(118);
    const { body } = await getJson<FhirResource>(`${server.baseUrl}/Organization/${numericIds[0].id}`);
    expect(body.identifier).toEqual(numericIds[0].identifier);
  });

  it('reads one resource, as application/fhir+json with a Date header', async () => {
    const practitioner = published.Practitioner[0];
    const { status, headers, body } = await getJson<FhirResource>(`${server.baseUrl}/Practitioner/${practitioner.id}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/fhir+json');
    expect(Math.abs(Date.parse(headers.get('date') ?? '') - Date.now())).toBeLessThan(60_000);
    expect(body).toMatchObject({ resourceType: 'Practitioner', id: practitioner.id, name: practitioner.name });
  });

  it('filters on _lastUpdated', async () => {
    const after = (r: FhirResource): boolean => !r.meta?.lastUpdated || r.meta.lastUpdated > '2020-08-01';
    const expected = published.Organization.filter(after).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(published.Organization.length);
    const { body } = await getJson<Bundle>(`${server.baseUrl}/Organization?_lastUpdated=gt2020-08-01&_count=1000`);
    expect(body.total).toBe(expected.length);
    expect(body.entry?.map((e) => e.resource.id).sort()).toEqual(expected.sort());
    expect(next(body)).toBeUndefined();
  });

  it('pages by the default size, caps _count at 1000 and omits next on the last page', async () => {
    const first = await getJson<Bundle>(`${server.baseUrl}/PractitionerRole`);
    expect(first.body.entry).toHaveLength(20);
    expect(next(first.body)).toBe(`${server.baseUrl}/PractitionerRole?_count=20&_offset=20`);
    const capped = await getJson<Bundle>(`${server.baseUrl}/PractitionerRole?_count=5000`);
    expect(capped.body.entry).toHaveLength(1000);
    const last = await getJson<Bundle>(`${server.baseUrl}/PractitionerRole?_count=1000&_offset=2000`);
    expect(last.body.entry).toHaveLength(7);
    expect(next(last.body)).toBeUndefined();
  });

  it('keeps other search parameters in the paging links', async () => {
    // 13 NPPES networks and 3 IG example networks carry type ntwk
    const networks = published.Organization.filter((org) => JSON.stringify(org.type ?? []).includes('"code":"ntwk"'));
    const { body } = await getJson<Bundle>(`${server.baseUrl}/Organization?type=ntwk&_count=5`);
    expect(body.total).toBe(networks.length);
    expect(new URL(next(body) ?? '').searchParams.get('type')).toBe('ntwk');
  });

  it('serves a CapabilityStatement at metadata', async () => {
    const { status, headers, body } = await getJson<{
      resourceType: string;
      rest: { resource: { type: string; searchParam: { name: string }[] }[] }[];
    }>(`${server.baseUrl}/metadata`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/fhir+json');
    expect(body.resourceType).toBe('CapabilityStatement');
    expect(body.rest[0].resource.map((r) => r.type).sort()).toEqual([...PLAN_NET_TYPES].sort());
    for (const resource of body.rest[0].resource) expect(resource.searchParam).toContainEqual({ name: '_lastUpdated', type: 'date' });
  });

  it.each([
    ['an unknown resource id', '/fhir/Practitioner/no-such-id', 404],
    ['an unknown resource type', '/fhir/Patient', 404],
    ['a path outside the base', '/Practitioner', 404],
    ['a path too deep', '/fhir/Practitioner/x/y/z', 404],
    ['an invalid search value', '/fhir/Organization?_lastUpdated=gtyesterday', 400],
  ])('answers %s with an OperationOutcome', async (_case, path, status) => {
    const response = await getJson<{ resourceType: string }>(new URL(path, server.baseUrl).toString());
    expect(response.status).toBe(status);
    expect(response.body.resourceType).toBe('OperationOutcome');
  });

  it('records the requests it served, as path and query', async () => {
    const before = server.requests.length;
    await fetch(`${server.baseUrl}/Endpoint?_count=1`);
    expect(server.requests.slice(before)).toEqual(['/fhir/Endpoint?_count=1']);
  });
});

describe('startTestFhirServer over given resources', () => {
  it('serves them with the given page size and closes', async () => {
    const resources = ['a', 'b', 'c'].map((id) => ({ resourceType: 'Location', id, name: `Site ${id}` }));
    const server = await startTestFhirServer({ resources, pageSize: 2 });
    try {
      const first = await getJson<Bundle>(`${server.baseUrl}/Location`);
      expect(first.body.entry?.map((e) => e.resource.id)).toEqual(['a', 'b']);
      const second = await getJson<Bundle>(next(first.body) ?? '');
      expect(second.body.entry?.map((e) => e.resource.id)).toEqual(['c']);
      expect(next(second.body)).toBeUndefined();
      const named = await getJson<Bundle>(`${server.baseUrl}/Location?name=Site%20b`);
      expect(named.body.entry?.map((e) => e.resource.id)).toEqual(['b']);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.baseUrl}/metadata`)).rejects.toThrow();
  });
});
