import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeCursor, useCursorSecret } from '../apps/api/src/providers/search-cursor';
import { graphql } from './support/graphql-client';
import { E2E_CURSOR_SECRET, type RunningService, serviceEnv, startApi } from './support/service-process';
import { HARTFORD, SEARCH_PROVIDERS } from './search-queries';

jest.setTimeout(60_000);

describe('bad search input gets BAD_USER_INPUT with a message that says what is accepted', () => {
  let api: RunningService;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-input-'));
    api = await startApi(serviceEnv({ DATA_DIR: dataDir }));
  });

  afterAll(async () => {
    await api?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['latitude 200', { filter: { near: { latitude: 200, longitude: -72, radiusKm: 10 } } }, /^filter\.near\.latitude: 200 is not a latitude; accepted: -90 to 90$/],
    ['longitude -181', { filter: { near: { latitude: 41, longitude: -181, radiusKm: 10 } } }, /longitude.*-180 to 180/],
    ['radius -1', { filter: { near: { ...HARTFORD, radiusKm: -1 } } }, /radiusKm: -1; accepted: greater than 0 and at most 500/],
    ['radius 0', { filter: { near: { ...HARTFORD, radiusKm: 0 } } }, /radiusKm: 0; accepted/],
    ['first 10000', { first: 10000 }, /first: 10000 is out of range; accepted: 1 to 100/],
    ['first 0', { first: 0 }, /first: 0 is out of range/],
    ['specialty not a NUCC code', { filter: { specialties: ['cardiology'] } }, /"CARDIOLOGY" is not accepted; expected NUCC taxonomy codes/],
    ['language not BCP-47', { filter: { languages: ['Spanish!'] } }, /expected BCP-47 language codes/],
    ['unknown gender', { filter: { gender: 'robot' } }, /expected one of male, female, other, unknown/],
    ['state not a USPS code', { filter: { states: ['Connecticut'] } }, /"CONNECTICUT" is not accepted; expected two-letter USPS state codes/],
    ['ZIP not five digits', { filter: { postalCodes: ['0610'] } }, /"0610" is not accepted; expected five-digit ZIP codes/],
    ['bounding box upside down', { filter: { boundingBox: { north: 41, south: 42, east: -72, west: -73 } } }, /south \(42\) is above north \(41\)/],
    ['malformed cursor', { after: 'not-a-cursor' }, /after: not a cursor this API issued/],
    ['51 ZIP codes', { filter: { postalCodes: Array.from({ length: 51 }, (_, i) => String(10_000 + i)) } }, /^filter\.postalCodes: 51 values; accepted: at most 50$/],
    ['DISTANCE without near', { sort: 'DISTANCE' }, /^sort: DISTANCE needs filter\.near/],
  ];

  it.each(cases)('%s', async (_name, variables, message) => {
    const { data, errors } = await graphql(api.url, SEARCH_PROVIDERS, variables);
    expect(data?.searchProviders ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors![0].message).toMatch(message);
    // The message starts with the field's GraphQL path, which extensions.field gives on its own.
    expect(errors![0].message.startsWith(`${errors![0].extensions?.field}: `)).toBe(true);
  });

  it('rejects a cursor from a different query', async () => {
    useCursorSecret(E2E_CURSOR_SECRET);
    const cursor = encodeCursor(1, 'another');
    const { errors } = await graphql(api.url, SEARCH_PROVIDERS, { filter: { languages: ['es'] }, after: cursor });
    expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors![0].message).toMatch(/belongs to a different filter or sort/);
  });

  it('rejects a cursor forged with an offset of its choosing', async () => {
    const cursor = Buffer.from(JSON.stringify({ o: 9_000, q: 'another', s: 'x'.repeat(22) })).toString('base64url');
    const { errors } = await graphql(api.url, SEARCH_PROVIDERS, { after: cursor });
    expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors![0].message).toMatch(/not a cursor this API issued/);
  });

  it('answers an empty index with zero results rather than an error', async () => {
    const { data, errors } = await graphql<{ searchProviders: { totalCount: number } }>(api.url, SEARCH_PROVIDERS, {});
    expect(errors).toBeUndefined();
    expect(data!.searchProviders.totalCount).toBe(0);
  });
});
