import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FhirResource } from '@pds/fhir';
import { PLAN_NET_TYPES } from '@pds/fhir';
import type { ProviderDocument } from '@pds/search';
import { DirectoryBuilder } from './directory-builder';
import { DirectoryContext } from './directory-context';
import { PositionScreen, toPracticeLocation } from './location.mapper';
import { InMemoryResourceStore } from '@pds/store/testing';

/** The shared Plan-Net reference directory, beside the repository root (as CI lays it out too). */
const DATA = path.resolve(__dirname, '../../../../shared/data/plan-net-ri');
const SOURCE = 'plan-net-ri';
const SOURCE_ID = 'acme';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw JSON, counted by hand

function load(type: string): Raw[] {
  return readFileSync(path.join(DATA, `${type}.ndjson`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

const idOf = (reference: string) => reference.split('/').pop()!;

function increment(counts: Map<string, number>, key: string, by: number) {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

describe('DirectoryBuilder on the Plan-Net reference directory', () => {
  const raw = Object.fromEntries(PLAN_NET_TYPES.map((type) => [type, load(type)])) as Record<string, Raw[]>;
  const store = new InMemoryResourceStore().add(SOURCE, Object.values(raw).flat() as FhirResource[]);
  let documents: ProviderDocument[];
  let facilities: ProviderDocument[];

  // Counted straight from the JSON, independently of the builder's code.
  const locationIds = new Set(raw.Location.map((location) => location.id));
  const services = new Map(raw.HealthcareService.map((service) => [service.id, service]));
  const practitioners = new Map(raw.Practitioner.map((practitioner) => [practitioner.id, practitioner]));
  const readableSites = (references: Raw[] = []) =>
    [...new Set(references.map((reference) => idOf(reference.reference)))].filter((id) => locationIds.has(id));
  const sitesOfRole = (role: Raw): string[] => {
    const own = readableSites(role.location);
    if (own.length > 0) return own;
    return readableSites(
      (role.healthcareService ?? []).flatMap((service: Raw) => services.get(idOf(service.reference))?.location ?? []),
    );
  };
  const isKansasFallback = (location: Raw) => location.position?.latitude === 39.78373 && location.position?.longitude === -100.445882;

  beforeAll(async () => {
    const all: ProviderDocument[] = [];
    for await (const batch of new DirectoryBuilder({ batchSize: 250 }).build(store, SOURCE, SOURCE_ID)) all.push(...batch);
    documents = all.filter((document) => document.kind === 'practitioner');
    facilities = all.filter((document) => document.kind !== 'practitioner');
  });

  it('makes one facility or pharmacy document per affiliation and site, and per site of a service nothing else offers', () => {
    const offered = new Set(
      [...raw.PractitionerRole, ...raw.OrganizationAffiliation].flatMap((owner) => (owner.healthcareService ?? []).map((service: Raw) => idOf(service.reference))),
    );
    const categories = (serviceRefs: Raw[] = []) =>
      serviceRefs.flatMap((ref) => services.get(idOf(ref.reference))?.category ?? []).flatMap((concept: Raw) => concept.coding ?? []).map((coding: Raw) => coding.code);
    const expected = [
      ...raw.OrganizationAffiliation.filter((affiliation) => affiliation.active !== false).flatMap((affiliation) =>
        sitesOfRole(affiliation).map((site) => ({
          owner: affiliation.id,
          site,
          kind:
            (affiliation.code ?? []).some((concept: Raw) => concept.coding?.some((coding: Raw) => coding.code === 'pharmacy')) ||
            categories(affiliation.healthcareService).includes('pharm')
              ? 'pharmacy'
              : 'facility',
        })),
      ),
      ...raw.HealthcareService.filter((service) => !offered.has(service.id)).flatMap((service) =>
        readableSites(service.location).map((site) => ({ owner: service.id, site, kind: categories([{ reference: `HealthcareService/${service.id}` }]).includes('pharm') ? 'pharmacy' : 'facility' })),
      ),
    ];
    const key = (item: { owner: string; site: string; kind: string }) => `${item.kind} ${item.owner}@${item.site}`;
    expect(facilities.map((document) => key({ owner: document.practitionerRoleId, site: document.location.id, kind: document.kind })).sort()).toEqual(expected.map(key).sort());
    expect(facilities.filter((document) => document.kind === 'pharmacy').length).toBeGreaterThan(500);
    const pharmacy = facilities.find((document) => document.kind === 'pharmacy')!;
    expect(pharmacy.serviceCategories.map((category) => category.code)).toContain('pharm');
    expect(pharmacy.organization?.name).toBeTruthy();
  });

  it('makes one document per role and resolvable location', () => {
    const expected = raw.PractitionerRole.reduce((sum, role) => sum + sitesOfRole(role).length, 0);
    expect(expected).toBe(2004);
    expect(documents).toHaveLength(expected);
    expect(new Set(documents.map((document) => document.id)).size).toBe(expected);
    expect(raw.PractitionerRole.filter((role) => sitesOfRole(role).length === 0).map((role) => role.id).sort()).toEqual([
      'CounselorRole1',
      'JoeSmithRole3',
      'TestPractitionerRole1',
    ]);
  });

  it('flags the 71 Kansas-fallback locations as placeholders, and the IG examples as outside their state', async () => {
    const context = await DirectoryContext.load(store, SOURCE);
    const screen = new PositionScreen(context.all('Location'));
    const issues = new Map<string, string | null>();
    for (const location of context.all('Location')) issues.set(location.id, toPracticeLocation(location, location.id, screen).positionIssue);

    const kansas = raw.Location.filter(isKansasFallback).map((location) => location.id);
    expect(kansas).toHaveLength(71);
    expect(kansas.every((id) => issues.get(id) === 'placeholder')).toBe(true);
    expect([...issues.values()].filter((issue) => issue === 'placeholder')).toHaveLength(71);
    const outside = [...issues].filter(([, issue]) => issue === 'outside-state').map(([id]) => id);
    expect(outside.sort()).toEqual(
      raw.Location.filter((location) => location.position?.latitude >= 12 && location.position?.latitude <= 18)
        .map((location) => location.id)
        .sort(),
    );
    const kansasDocuments = documents.filter((document) => kansas.includes(document.location.id));
    expect(kansasDocuments.length).toBeGreaterThan(0);
    expect(kansasDocuments.every((document) => document.location.positionIssue === 'placeholder')).toBe(true);
  });

  it('places every trusted position in Connecticut, Massachusetts or Rhode Island', () => {
    const placed = documents.flatMap((document) => (document.location.position ? [document.location.position] : []));
    expect(placed.length).toBeGreaterThan(1500);
    const outside = placed.filter(
      ({ latitude, longitude }) => latitude < 41.0 || latitude > 42.9 || longitude < -73.8 || longitude > -70.6,
    );
    expect(outside).toEqual([]);
  });

  it('carries the specialties of the roles and the languages of the practitioners', () => {
    const expectedSpecialties = new Map<string, number>();
    const expectedLanguages = new Map<string, number>();
    for (const role of raw.PractitionerRole) {
      const sites = sitesOfRole(role).length;
      if (sites === 0) continue;
      const nucc = (role.specialty ?? []).flatMap((concept: Raw) =>
        (concept.coding ?? []).filter((coding: Raw) => coding.system === 'http://nucc.org/provider-taxonomy').map((coding: Raw) => coding.code),
      );
      for (const code of new Set<string>(nucc)) increment(expectedSpecialties, code, sites);
      const practitioner = role.practitioner && practitioners.get(idOf(role.practitioner.reference));
      const languages = (practitioner?.communication ?? []).flatMap((concept: Raw) =>
        (concept.coding ?? []).filter((coding: Raw) => coding.system === 'urn:ietf:bcp:47').map((coding: Raw) => coding.code),
      );
      for (const code of new Set<string>(languages)) increment(expectedLanguages, code, sites);
    }

    const specialties = new Map<string, number>();
    const languages = new Map<string, number>();
    for (const document of documents) {
      for (const specialty of document.specialties) increment(specialties, specialty.code, 1);
      for (const language of document.languages) increment(languages, language, 1);
    }
    expect(specialties).toEqual(expectedSpecialties);
    expect(languages).toEqual(expectedLanguages);
    expect(languages.get('es')).toBeGreaterThan(100);
  });

  it('joins networks to plans and payers', () => {
    const networked = documents.filter((document) => document.networks.length > 0);
    expect(networked).toHaveLength(documents.length);
    expect(documents.every((document) => document.networks.every((network) => network.name))).toBe(true);
    expect(documents.filter((document) => document.plans.length > 0).length).toBeGreaterThan(1000);
    expect(networked.every((document) => document.payers.length > 0)).toBe(true);
  });
});
