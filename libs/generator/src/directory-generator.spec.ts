import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAN_NET_EXTENSION, PLAN_NET_TYPES, type FhirResource, type PlanNetType } from '@pds/fhir';
import { BCP47_SYSTEM } from './bcp47-languages';
import { DANGLING, DEFECT_RATES, KANSAS_FALLBACK } from './defect-plan';
import { generateDirectory, type GenerationReport } from './directory-generator';
import { isValidNpi } from './npi-check-digit';
import { CLINICIAN_SPECIALTIES } from './nucc-specialties';
import { distanceKm, UsGeography } from './us-zip-geography';

type Json = Record<string, unknown>;
type Directory = Record<PlanNetType, FhirResource[]>;

const PROVIDERS = 20_000;

async function readDirectory(dir: string): Promise<Directory> {
  const entries = await Promise.all(
    PLAN_NET_TYPES.map(async (type) => {
      const text = await readFile(join(dir, `${type}.ndjson`), 'utf8');
      const lines = text.split('\n').filter((line) => line !== '');
      return [type, lines.map((line) => JSON.parse(line) as FhirResource)] as const;
    }),
  );
  return Object.fromEntries(entries) as Directory;
}

/** Every `{ reference: "Type/id" }` anywhere inside a resource. */
function referencesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => referencesIn(item, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') found.push(child);
      else referencesIn(child, found);
    }
  }
  return found;
}

function codesOf(concepts: unknown): string[] {
  return ((concepts as Json[] | undefined) ?? []).flatMap((concept) =>
    ((concept.coding as Json[] | undefined) ?? []).map((coding) => coding.code as string),
  );
}

function extensionCodes(resource: FhirResource, url: string, part: string): string[] {
  return ((resource.extension as Json[] | undefined) ?? [])
    .filter((extension) => extension.url === url)
    .flatMap((extension) => (extension.extension as Json[]).filter((sub) => sub.url === part))
    .flatMap((sub) => codesOf([sub.valueCodeableConcept]));
}

/** Planted `count` out of `trials` at `rate`: within 4 standard deviations (and 2) of the expectation. */
function expectRate(count: number, trials: number, rate: number): void {
  const expected = trials * rate;
  expect(Math.abs(count - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected * (1 - rate)) + 2);
}

describe('generateDirectory', () => {
  let root: string;
  let report: GenerationReport;
  let directory: Directory;
  const byId = new Map<string, FhirResource>();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pds-generator-'));
    report = await generateDirectory({ providers: PROVIDERS, seed: 1, out: join(root, 'seed-1') });
    directory = await readDirectory(join(root, 'seed-1'));
    for (const type of PLAN_NET_TYPES) for (const resource of directory[type]) byId.set(`${type}/${resource.id}`, resource);
  }, 120_000);

  afterAll(() => rm(root, { recursive: true, force: true }));

  describe('determinism', () => {
    it('writes byte-identical files for the same seed and different ones for another seed', async () => {
      const options = { providers: 2_000 };
      await generateDirectory({ ...options, seed: 7, out: join(root, 'a') });
      await generateDirectory({ ...options, seed: 7, out: join(root, 'b') });
      await generateDirectory({ ...options, seed: 8, out: join(root, 'c') });
      for (const type of PLAN_NET_TYPES) {
        const [a, b] = await Promise.all([readFile(join(root, 'a', `${type}.ndjson`)), readFile(join(root, 'b', `${type}.ndjson`))]);
        expect(a.equals(b)).toBe(true);
      }
      const [a, c] = await Promise.all([
        readFile(join(root, 'a', 'Practitioner.ndjson')),
        readFile(join(root, 'c', 'Practitioner.ndjson')),
      ]);
      expect(a.equals(c)).toBe(false);
    }, 60_000);
  });

  describe('counts', () => {
    it('reports the resources it wrote, one per line, every type present', () => {
      for (const type of PLAN_NET_TYPES) {
        expect(report.resources[type]).toBe(directory[type].length);
        expect(directory[type].length).toBeGreaterThan(0);
      }
    });

    it('writes exactly --providers provider-locations (roles x resolvable practice Locations)', () => {
      const pairs = directory.PractitionerRole.reduce(
        (sum, role) => sum + (role.location as Json[]).filter((ref) => byId.has(ref.reference as string)).length,
        0,
      );
      expect(pairs).toBe(PROVIDERS);
      expect(report.providerLocations).toBe(PROVIDERS);
    });

    it('gives about 20% of roles 2-3 locations, groups sharing their sites', () => {
      const counts = directory.PractitionerRole.map((role) => (role.location as Json[]).length);
      const multi = counts.filter((count) => count > 1).length / counts.length;
      expect(multi).toBeGreaterThan(0.15);
      expect(multi).toBeLessThan(0.25);
      expect(Math.max(...counts)).toBeLessThanOrEqual(4); // 3, plus the planted dangling one
      expect(directory.Location.length).toBeLessThan(directory.PractitionerRole.length / 3);
    });
  });

  describe('references', () => {
    it('resolves every reference except the two planted dangling ones', () => {
      const dangling = PLAN_NET_TYPES.flatMap((type) => directory[type].flatMap((resource) => referencesIn(resource)))
        .filter((reference) => !byId.has(reference))
        .sort();
      expect(dangling).toEqual([`Location/${DANGLING.locationId}`, `Organization/${DANGLING.networkId}`]);
      expect(report.defects.danglingReferences).toBe(2);
    });
  });

  describe('practitioners', () => {
    const npiOf = (resource: FhirResource) => (resource.identifier as Json[])[0].value;

    it('carry valid NPIs (Luhn with prefix 80840), a few reused as planted', () => {
      const npis = directory.Practitioner.map(npiOf);
      expect(npis.every(isValidNpi)).toBe(true);
      const duplicates = npis.length - new Set(npis).size;
      expect(duplicates).toBe(report.defects.duplicateNpi);
      expectRate(duplicates, npis.length, DEFECT_RATES.duplicateNpi);
    });

    it('all speak English, about 20% Spanish, a few other languages, as BCP-47 codes', () => {
      const languages = directory.Practitioner.map((practitioner) =>
        (practitioner.communication as Json[]).flatMap((entry) =>
          (entry.coding as Json[]).filter((coding) => coding.system === BCP47_SYSTEM).map((coding) => coding.code),
        ),
      );
      const share = (code: string) => languages.filter((codes) => codes.includes(code)).length / languages.length;
      expect(share('en')).toBe(1);
      expect(share('es')).toBeGreaterThan(0.17);
      expect(share('es')).toBeLessThan(0.23);
      for (const code of ['zh', 'vi', 'ru', 'ko', 'ar', 'fr', 'ht', 'pt']) {
        expect(share(code)).toBeGreaterThan(0.003);
        expect(share(code)).toBeLessThan(0.06);
      }
    });

    it('have names and a gender; roles carry curated NUCC specialties and a Plan-Net role code', () => {
      const curated = new Set(CLINICIAN_SPECIALTIES.map((item) => item.code));
      for (const practitioner of directory.Practitioner.slice(0, 2_000)) {
        const [name] = practitioner.name as Json[];
        expect(typeof name.family).toBe('string');
        expect(['female', 'male', 'unknown']).toContain(practitioner.gender);
      }
      for (const role of directory.PractitionerRole) {
        expect(codesOf(role.specialty).every((code) => curated.has(code))).toBe(true);
        expect(codesOf(role.code)).toHaveLength(1);
      }
    });
  });

  describe('payers, networks and plans', () => {
    const organizationsOfType = (code: string) =>
      directory.Organization.filter((organization) => codesOf(organization.type).includes(code));

    it('has 3-6 payers with 2-4 networks (partOf the payer) and 2-5 plans each', () => {
      const payers = organizationsOfType('payer');
      expect(payers.length).toBeGreaterThanOrEqual(3);
      expect(payers.length).toBeLessThanOrEqual(6);
      for (const payer of payers) {
        const networks = organizationsOfType('ntwk').filter(
          (network) => (network.partOf as Json).reference === `Organization/${payer.id}`,
        );
        const plans = directory.InsurancePlan.filter((plan) => (plan.ownedBy as Json).reference === `Organization/${payer.id}`);
        expect(networks.length).toBeGreaterThanOrEqual(2);
        expect(networks.length).toBeLessThanOrEqual(4);
        expect(plans.length).toBeGreaterThanOrEqual(2);
        expect(plans.length).toBeLessThanOrEqual(5);
        for (const plan of plans) {
          for (const network of plan.network as Json[]) {
            expect(codesOf(byId.get(network.reference as string)?.type)).toEqual(['ntwk']);
          }
        }
      }
    });

    it('puts roles in networks through network-reference extensions', () => {
      for (const role of directory.PractitionerRole) {
        const networks = ((role.extension as Json[]) ?? []).filter((extension) => extension.url === PLAN_NET_EXTENSION.networkReference);
        expect(networks.length).toBeGreaterThan(0);
      }
    });

    it('models pharmacies and other facilities as facility, Location, service and affiliation', () => {
      const services = new Map(directory.HealthcareService.map((service) => [service.id, service]));
      const roleOf = new Map([['pharm', 'pharmacy'], ['hosp', 'provider'], ['urg', 'outpatient'], ['lab', 'outpatient'], ['behav', 'bt']]);
      const kinds = new Set<string>();
      for (const affiliation of directory.OrganizationAffiliation) {
        const service = services.get(String((affiliation.healthcareService as Json[])[0].reference).split('/')[1])!;
        const [category] = codesOf(service.category);
        kinds.add(category);
        expect(codesOf(affiliation.code)).toEqual([roleOf.get(category)]);
        if (category === 'pharm') expect(codesOf(affiliation.specialty).every((code) => code.startsWith('3336'))).toBe(true);
        expect((affiliation.network as Json[]).length).toBeGreaterThan(0);
      }
      expect(kinds).toEqual(new Set(roleOf.keys()));
    });
  });

  describe('healthcare services', () => {
    it('carry newpatients with the four AcceptingPatientsCS codes and delivery methods', () => {
      const accepting = directory.HealthcareService.flatMap((service) =>
        extensionCodes(service, PLAN_NET_EXTENSION.newPatients, 'acceptingPatients'),
      );
      expect(accepting).toHaveLength(directory.HealthcareService.length);
      expect(new Set(accepting)).toEqual(new Set(['newpt', 'nopt', 'existptonly', 'existptfam']));
      const methods = directory.HealthcareService.flatMap((service) =>
        extensionCodes(service, PLAN_NET_EXTENSION.deliveryMethod, 'type'),
      );
      expect(new Set(methods)).toEqual(new Set(['physical', 'virtual']));
    });
  });

  describe('geography and address defects', () => {
    const geography = UsGeography.load();
    const zip5 = (postalCode: unknown) =>
      typeof postalCode === 'number' ? String(postalCode).padStart(5, '0') : String(postalCode).slice(0, 5);

    it('places Locations within the US, near their ZIP centroid, but for the planted geocoding defects', () => {
      let kansas = 0;
      let far = 0;
      for (const location of directory.Location) {
        const address = location.address as Json;
        const position = location.position as { latitude: number; longitude: number };
        const place = geography.lookup(zip5(address.postalCode));
        expect(place?.state).toBe(address.state);
        expect(position.latitude).toBeGreaterThan(18);
        expect(position.latitude).toBeLessThan(72);
        expect(position.longitude).toBeLessThan(-66);
        const km = distanceKm(position, place!);
        if (position.latitude === KANSAS_FALLBACK.latitude && position.longitude === KANSAS_FALLBACK.longitude) kansas++;
        else if (km > 450) far++;
        else expect(km).toBeLessThan(1.5);
      }
      expect(kansas).toBe(report.defects.kansasFallbackPosition);
      expect(far).toBe(report.defects.positionOutsideState);
      expectRate(kansas, directory.Location.length, DEFECT_RATES.kansasFallbackPosition);
      expectRate(far, directory.Location.length, DEFECT_RATES.positionOutsideState);
    });

    it('spreads practices by population: big metros hold many, every state some', () => {
      const states = new Set(directory.Location.map((location) => (location.address as Json).state));
      expect(states.size).toBeGreaterThanOrEqual(45);
      const inState = (state: string) =>
        directory.Location.filter((location) => (location.address as Json).state === state).length;
      expect(inState('CA')).toBeGreaterThan(inState('WY') * 10);
    });

    it('mixes 5-digit, ZIP+4 and 9-digit postal codes, a few numeric ones, at the planted rates', () => {
      // Each drawn address once: group and pharmacy Organizations reuse their first site's.
      const payers = directory.Organization.filter((organization) => organization.id.startsWith('payer-'));
      const addresses = [...directory.Location, ...directory.Practitioner, ...payers].flatMap((resource) =>
        [resource.address].flat().flatMap((address) => (address ? [address as Json] : [])),
      );
      const count = (pattern: RegExp) =>
        addresses.filter((address) => typeof address.postalCode === 'string' && pattern.test(address.postalCode)).length;
      const numeric = directory.Location.filter((location) => typeof (location.address as Json).postalCode === 'number');
      expect(numeric).toHaveLength(report.defects.numericPostalCode);
      expect(numeric.length).toBeGreaterThan(0);
      expectRate(numeric.length, directory.Location.length, DEFECT_RATES.numericPostalCode);
      // A numeric postal code hides the form it was drawn in.
      for (const [pattern, planted] of [
        [/^\d{5}-\d{4}$/, report.defects.zipPlus4],
        [/^\d{9}$/, report.defects.nineDigitZip],
      ] as const) {
        expect(count(pattern)).toBeLessThanOrEqual(planted);
        expect(count(pattern)).toBeGreaterThanOrEqual(planted - numeric.length);
      }
      expectRate(report.defects.zipPlus4, addresses.length, DEFECT_RATES.zipPlus4);
      expectRate(report.defects.nineDigitZip, addresses.length, DEFECT_RATES.nineDigitZip * (1 - DEFECT_RATES.zipPlus4));
      expect(count(/^\d{5}$/) / addresses.length).toBeGreaterThan(0.9);
    });

    it('gives some group NPIs as JSON numbers and some pharmacies the empty ",  00000" address', () => {
      const groups = directory.Organization.filter((organization) => organization.id.startsWith('group-'));
      const numeric = groups.filter((group) => typeof (group.identifier as Json[])[0].value === 'number');
      expect(numeric).toHaveLength(report.defects.numericIdentifier);
      expectRate(numeric.length, groups.length, DEFECT_RATES.numericIdentifier);
      expect(groups.filter((group) => typeof (group.identifier as Json[])[0].value === 'string').every((group) => isValidNpi((group.identifier as Json[])[0].value))).toBe(true);

      const pharmacies = directory.Organization.filter((organization) => organization.id.startsWith('pharmacy-'));
      const empty = pharmacies.filter((pharmacy) => (pharmacy.address as Json[])[0].text === ',  00000');
      expect(empty).toHaveLength(report.defects.pharmacyEmptyAddress);
      expect(empty.every((pharmacy) => typeof (pharmacy.identifier as Json[])[0].value === 'number')).toBe(true);
      expectRate(empty.length, pharmacies.length, DEFECT_RATES.pharmacyEmptyAddress);
    });
  });

  it('refuses a size or seed it cannot honour', async () => {
    await expect(generateDirectory({ providers: 0, seed: 1, out: join(root, 'x') })).rejects.toThrow(RangeError);
    await expect(generateDirectory({ providers: 10, seed: -1, out: join(root, 'x') })).rejects.toThrow(RangeError);
  });
});
