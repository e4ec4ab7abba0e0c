import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { planNetDataDir, startTestFhirServer, type TestFhirServer } from '@pds/testing';
import * as zipcodes from 'zipcodes';
import { graphql } from './support/graphql-client';
import { directoryLists } from './support/plan-net-directory-lists';
import { expectedFacilities } from './support/plan-net-facilities';
import { type ExpectedDocument, expectedDocuments, haversineKm } from './support/plan-net-expectations';
import { type RunningService, runHarvestCli, serviceEnv, startApi } from './support/service-process';

jest.setTimeout(120_000);

const KM_PER_MILE = 1.609344;
const NEAR_QUERY = /* GraphQL */ `
  query Near($near: GeoRadius!, $specialties: [String!]) {
    searchProviders(filter: { near: $near, specialties: $specialties }, sort: DISTANCE, first: 100) {
      totalCount
      origin { latitude longitude label }
      edges { node { practitionerRoleId distanceKm distanceMiles location { id } } }
    }
  }
`;
type NearData = {
  searchProviders: {
    totalCount: number;
    origin: { latitude: number; longitude: number; label: string } | null;
    edges: { node: { practitionerRoleId: string; distanceKm: number; distanceMiles: number; location: { id: string } } }[];
  };
};

describe('ask like a patient: places, one provider, dropdown lists and suggestions over GraphQL', () => {
  let fhir: TestFhirServer;
  let dataDir: string;
  let api: RunningService;
  let expected: ExpectedDocument[];
  const ask = <T>(query: string, variables: Record<string, unknown> = {}) => graphql<T>(api.url, query, variables);
  const within = (origin: { latitude: number; longitude: number }, km: number, specialty: string) =>
    expected
      .filter((document) => document.position && document.specialties.includes(specialty) && haversineKm(origin, document.position) <= km)
      .map((document) => `${document.roleId}@${document.locationId}`)
      .sort();
  const found = (data: NearData | undefined) => data!.searchProviders.edges.map(({ node }) => `${node.practitionerRoleId}@${node.location.id}`).sort();

  beforeAll(async () => {
    expected = expectedDocuments();
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-e2e-patient-'));
    const cli = await runHarvestCli([fhir.baseUrl], serviceEnv({ DATA_DIR: dataDir }));
    expect(cli.code).toBe(0);
    api = await startApi(serviceEnv({ DATA_DIR: dataDir }));
  });

  afterAll(async () => {
    await api?.stop();
    await fhir?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('searches around a ZIP (ZIP+4 too) in miles exactly as around its centroid in km', async () => {
    const centroid = zipcodes.codes['06103'];
    const byZip = await ask<NearData>(NEAR_QUERY, { near: { postalCode: '06103-1234', radiusMiles: 10 }, specialties: ['207Q00000X'] });
    const byPoint = await ask<NearData>(NEAR_QUERY, {
      near: { latitude: centroid.latitude, longitude: centroid.longitude, radiusKm: 10 * KM_PER_MILE },
      specialties: ['207Q00000X'],
    });
    expect(byZip.errors).toBeUndefined();
    expect(byZip.data!.searchProviders.origin).toEqual({ latitude: centroid.latitude, longitude: centroid.longitude, label: 'Hartford, CT 06103' });
    const want = within(centroid, 10 * KM_PER_MILE, '207Q00000X');
    expect(want.length).toBeGreaterThan(0);
    expect(found(byZip.data)).toEqual(want);
    expect(found(byPoint.data)).toEqual(want);
    for (const { node } of byZip.data!.searchProviders.edges) expect(node.distanceMiles).toBeCloseTo(node.distanceKm / KM_PER_MILE, 9);
    expect(byPoint.data!.searchProviders.origin!.label).toBe(`${centroid.latitude}, ${centroid.longitude}`);
  });

  it('searches around a typed place as around the point it reports', async () => {
    for (const place of ['New Haven, CT', 'new haven ct']) {
      const { data, errors } = await ask<NearData>(NEAR_QUERY, { near: { place, radiusKm: 25 }, specialties: ['207R00000X'] });
      expect(errors).toBeUndefined();
      const origin = data!.searchProviders.origin!;
      expect(origin.label).toBe('New Haven, CT');
      expect(found(data)).toEqual(within(origin, 25, '207R00000X'));
      expect(data!.searchProviders.totalCount).toBeGreaterThan(0);
    }
    const springfield = await ask<NearData>(NEAR_QUERY, { near: { place: 'Springfield', radiusKm: 10 } });
    expect(springfield.data!.searchProviders.origin!.label).toMatch(/^Springfield, MO \(the most populous of \d+ places named Springfield/);
  });

  it("answers one provider's whole record: every role x location the data publishes for the NPI", async () => {
    const byProvider = new Map<string, ExpectedDocument[]>();
    for (const document of expected) if (document.provider.startsWith('npi:')) byProvider.set(document.provider, [...(byProvider.get(document.provider) ?? []), document]);
    const [providerKey, documents] = [...byProvider].sort((a, b) => b[1].length - a[1].length)[0];
    // The IG examples give a clinic Organization a practitioner's NPI: its sites are that NPI's too.
    const published = [
      ...documents.map((d) => `${d.roleId}@${d.locationId}`),
      ...expectedFacilities().filter((facility) => facility.provider === providerKey).map((f) => `${f.ownerId}@${f.locationId}`),
    ];
    expect(published.length).toBeGreaterThanOrEqual(2);
    const npi = providerKey.slice(4);
    const RECORD = /* GraphQL */ `
      query Record($npi: String, $key: ID) {
        provider(npi: $npi, providerKey: $key) {
          providerKey npi name specialties { code } qualifications { code issuer }
          locations { practitionerRoleId location { id } source { id name url } lastUpdated hours { daysOfWeek } accessibility { code } networks { id } }
        }
      }
    `;
    type RecordData = { provider: { providerKey: string; npi: string; locations: { practitionerRoleId: string; location: { id: string }; source: { url: string }; lastUpdated: string }[] } | null };
    const byNpi = await ask<RecordData>(RECORD, { npi });
    expect(byNpi.errors).toBeUndefined();
    const record = byNpi.data!.provider!;
    expect(record).toMatchObject({ providerKey, npi });
    expect(record.locations.map((l) => `${l.practitionerRoleId}@${l.location.id}`).sort()).toEqual(published.sort());
    for (const location of record.locations) {
      expect(location.source.url).toBe(fhir.baseUrl);
      expect(location.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    expect((await ask<RecordData>(RECORD, { key: providerKey })).data).toEqual(byNpi.data);
    expect((await ask<RecordData>(RECORD, { npi: '1000000000' })).data!.provider).toBeNull();
  });

  it('lists payers, their networks and plans, and languages as the raw data has them', async () => {
    const lists = directoryLists([...expected, ...expectedFacilities().map((facility) => ({ ...facility, languages: [] }))]);
    // One source: its FHIR ids are the raw data's; the lists' ids are them scoped to the source (`<source id>:<FHIR id>`).
    type Entry = { id: string; fhirId: string; providerCount: number };
    const entries = (list: Entry[]) => list.map(({ id, fhirId, providerCount }) => {
      expect(id.endsWith(`:${fhirId}`)).toBe(true);
      return { id: fhirId, providerCount };
    });
    const payers = await ask<{ payers: (Entry & { name: string })[] }>('{ payers { id fhirId name providerCount } }');
    expect(entries(payers.data!.payers)).toEqual(lists.payers);
    expect(payers.data!.payers.every((payer) => payer.name)).toBe(true);
    for (const { id } of lists.payers.slice(0, 3)) {
      // A bare payer id, as clients before scoping sent it: it matches that payer in every source.
      const { data } = await ask<{ networks: Entry[]; plans: Entry[] }>(
        'query Lists($payers: [ID!]) { networks(payers: $payers) { id fhirId providerCount } plans(payers: $payers) { id fhirId providerCount } }',
        { payers: [id] },
      );
      expect(entries(data!.networks)).toEqual(lists.networksOf(id));
      expect(entries(data!.plans)).toEqual(lists.plansOf(id));
    }
    const languages = await ask<{ languages: { code: string; name: string; providerCount: number }[] }>('{ languages { code name providerCount } }');
    expect(languages.data!.languages.map(({ code, providerCount }) => ({ id: code, providerCount }))).toEqual(lists.languages);
    expect(languages.data!.languages.find((language) => language.code === 'es')?.name).toBe('Spanish');
  });

  it('lists specialties matched by text or lay term, most providers first', async () => {
    type Specialties = { specialties: { code: string; display: string; classification: string | null; providerCount: number }[] };
    const heart = await ask<Specialties>('{ specialties(text: "heart doctor") { code display classification providerCount } }');
    expect(heart.data!.specialties[0]).toMatchObject({ code: '207RC0000X', display: 'Cardiovascular Disease Physician', classification: 'Internal Medicine Physician' });
    const counts = heart.data!.specialties.map((s) => s.providerCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const cardiologists = new Set(expected.filter((d) => d.specialties.includes('207RC0000X')).map((d) => d.provider));
    expect(heart.data!.specialties[0].providerCount).toBe(cardiologists.size);
  });

  it('suggests real specialties and surnames from typed prefixes', async () => {
    type Suggestions = { suggest: { kind: string; label: string; value: string; providerCount: number | null }[] };
    const cardi = await ask<Suggestions>('{ suggest(text: "cardi") { kind label value providerCount } }');
    expect(cardi.data!.suggest[0]).toMatchObject({ kind: 'SPECIALTY', value: '207RC0000X' });
    const heartDoc = await ask<Suggestions>('{ suggest(text: "heart doc") { kind value } }');
    expect(heartDoc.data!.suggest.map((s) => s.value)).toContain('207RC0000X');
    const provider = expected.find((document) => document.provider.startsWith('npi:') && document.familyName && document.familyName.length >= 6)!;
    const typed = provider.familyName!.slice(0, 4);
    const bySurname = await ask<Suggestions>('query S($text: String!) { suggest(text: $text, first: 20) { kind label value } }', { text: typed });
    const providers = bySurname.data!.suggest.filter((s) => s.kind === 'PROVIDER');
    expect(providers.length).toBeGreaterThan(0);
    for (const suggestion of providers) expect(suggestion.label.toLowerCase()).toContain(typed.toLowerCase());
    const place = await ask<Suggestions>('{ suggest(text: "new hav") { kind value } }');
    expect(place.data!.suggest).toContainEqual({ kind: 'PLACE', value: 'New Haven, CT' });
  });

  it('finds a surname typed with two letters swapped, counting the swap as one typo', async () => {
    const provider = expected.find((d) => /^[A-Za-z]{7,8}$/.test(d.familyName ?? '') && d.familyName![3] !== d.familyName![4])!;
    const name = provider.familyName!;
    const swapped = `${name.slice(0, 3)}${name[4]}${name[3]}${name.slice(5)}`;
    const { data } = await ask<{ searchProviders: { edges: { node: { practitionerRoleId: string } }[] } }>(
      'query T($text: String!) { searchProviders(filter: { text: $text }, first: 100) { edges { node { practitionerRoleId } } } }',
      { text: swapped },
    );
    expect(data!.searchProviders.edges.map((edge) => edge.node.practitionerRoleId)).toContain(provider.roleId);
    const suggestions = await ask<{ suggest: { kind: string; label: string }[] }>('query S($text: String!) { suggest(text: $text, first: 20) { kind label } }', { text: swapped });
    expect(suggestions.data!.suggest.some((s) => s.kind === 'PROVIDER' && s.label.includes(name))).toBe(true);
  });

  it('refuses bad input with BAD_USER_INPUT and says what is accepted', async () => {
    const refusal = async (query: string, variables: Record<string, unknown> = {}) => {
      const { errors } = await ask(query, variables);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return errors![0];
    };
    const near = (value: Record<string, unknown>) => refusal(NEAR_QUERY, { near: value });
    expect((await near({ latitude: 41.7, longitude: -72.6, place: 'Hartford, CT', radiusKm: 5 })).message).toMatch(/exactly one of latitude \+ longitude, postalCode or place/);
    expect((await near({ radiusKm: 5 })).message).toMatch(/exactly one of latitude \+ longitude, postalCode or place/);
    expect((await near({ place: 'Hartford, CT', radiusKm: 5, radiusMiles: 3 })).message).toMatch(/exactly one of radiusKm or radiusMiles/);
    expect((await near({ place: 'Hartford, CT', radiusMiles: 400 })).message).toMatch(/radiusMiles: 400; accepted: greater than 0 and at most 310\.69/);
    const zip = await near({ postalCode: '99999', radiusKm: 5 });
    expect(zip.message).toMatch(/99999 is not a known US ZIP code; did you mean/);
    expect((zip.extensions!.suggestions as string[]).length).toBe(3);
    const place = await near({ place: 'Nwe Haven, CT', radiusKm: 5 });
    expect(place.extensions!.suggestions).toEqual(['New Haven, CT']);
    expect((await refusal('{ suggest(text: "  ") { label } }')).message).toMatch(/text: empty; accepted/);
    expect((await refusal('{ suggest(text: "car", first: 21) { label } }')).message).toMatch(/first: 21 is out of range; accepted: 1 to 20/);
    expect((await refusal('{ specialties(first: 0) { code } }')).message).toMatch(/first: 0 is out of range/);
    expect((await refusal('{ provider(npi: "1", providerKey: "x") { name } }')).message).toMatch(/exactly one of npi or providerKey/);
  });
});
