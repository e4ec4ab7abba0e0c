import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DirectoryBuilder } from '@pds/directory';
import { PLAN_NET_TYPES, type FhirResource } from '@pds/fhir';
import { generateDirectory, type GenerationReport } from '@pds/generator';
import { FileResourceStore } from '@pds/store';
import { isDirectorySource, NdjsonDirectoryReader } from './ndjson-directory-source';
import type { QuarantinedResource, RepairedResource } from './run/run-record';
import { InvalidSourceError, normalizeSourceUrl } from './source-url';

const PROVIDERS = 500;

/** Collects what a reader puts, batch by batch. */
function collectingSink(): { batches: FhirResource[][]; put(resources: FhirResource[]): Promise<void> } {
  const batches: FhirResource[][] = [];
  return { batches, put: async (resources) => void batches.push(resources) };
}

describe('a local NDJSON directory as a harvest source', () => {
  let root: string;
  let generated: string;
  let report: GenerationReport;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pds-ndjson-source-'));
    generated = join(root, 'generated');
    report = await generateDirectory({ providers: PROVIDERS, seed: 3, out: generated });
  }, 60_000);

  afterAll(() => rm(root, { recursive: true, force: true }));

  describe('normalizeSourceUrl', () => {
    it('keys a directory, given as a path, a relative path or a file:// URL, by file:// + its absolute path', () => {
      const key = pathToFileURL(generated).href;
      expect(normalizeSourceUrl(generated)).toBe(key);
      expect(normalizeSourceUrl(relative(process.cwd(), generated))).toBe(key);
      expect(normalizeSourceUrl(`${key}/`)).toBe(key);
      expect(isDirectorySource(key)).toBe(true);
      expect(isDirectorySource(normalizeSourceUrl('https://payer.example/fhir/'))).toBe(false);
    });

    it('refuses a missing directory, naming what is accepted', () => {
      expect(() => normalizeSourceUrl(join(root, 'missing'))).toThrow(InvalidSourceError);
      expect(() => normalizeSourceUrl(pathToFileURL(join(root, 'missing')).href)).toThrow(/no directory at/);
      expect(() => normalizeSourceUrl('payer.example/fhir')).toThrow(/existing directory of <Type>\.ndjson files/);
      expect(() => normalizeSourceUrl('ftp://payer.example/fhir')).toThrow(/not http, https or file/);
    });
  });

  describe('NdjsonDirectoryReader', () => {
    it('streams each type in batches: pages are batches, no requests, bytes are the file size', async () => {
      const reader = new NdjsonDirectoryReader(normalizeSourceUrl(generated), 100);
      const sink = collectingSink();
      const typeReport = await reader.crawl('PractitionerRole', sink);
      const roles = report.resources.PractitionerRole;
      expect(typeReport).toMatchObject({
        resources: roles,
        pages: Math.ceil(roles / 100),
        requests: 0,
        bytes: (await stat(join(generated, 'PractitionerRole.ndjson'))).size,
        quarantined: 0,
        serverTotal: null,
      });
      expect(typeReport.complete).toBe(true);
      expect(sink.batches.every((batch) => batch.length <= 100)).toBe(true);
      expect(sink.batches.flat()).toHaveLength(roles);
    });

    it('quarantines lines that are not JSON, of another type or without id; repairs JSON types; strips narratives; skips blank lines', async () => {
      const dir = join(root, 'handmade');
      await mkdir(dir);
      const lines = [
        JSON.stringify({ resourceType: 'Location', id: 'a', text: { status: 'generated', div: '<div/>' }, name: 'A' }),
        '',
        '{"resourceType":"Location","id":',
        JSON.stringify({ resourceType: 'Organization', id: 'b' }),
        JSON.stringify({ resourceType: 'Location', name: 'no id' }),
        JSON.stringify({ resourceType: 'Location', id: 'c' }),
        JSON.stringify({ resourceType: 'Location', id: 'd', address: { postalCode: 6510 } }),
      ];
      await writeFile(join(dir, 'Location.ndjson'), `${lines.join('\n')}\n`);
      const quarantined: QuarantinedResource[] = [];
      const sink = collectingSink();
      const reader = new NdjsonDirectoryReader(dir);
      const repaired: RepairedResource[] = [];
      const typeReport = await reader.crawl('Location', sink, {
        onQuarantine: (entry) => quarantined.push(entry),
        onRepair: (entry) => repaired.push(entry),
      });

      expect(typeReport).toMatchObject({ resources: 3, pages: 1, quarantined: 3, repaired: 1 });
      expect(sink.batches.flat()).toEqual([
        { resourceType: 'Location', id: 'a', name: 'A' },
        { resourceType: 'Location', id: 'c' },
        { resourceType: 'Location', id: 'd', address: { postalCode: '06510' } },
      ]);
      expect(repaired).toEqual([
        {
          type: 'Location',
          id: 'd',
          reasons: ['Location.address.postalCode was the number 6510; FHIR wants a string: made "06510" (a 5-digit US ZIP: 1 leading zero restored)'],
        },
      ]);
      expect(quarantined.map((entry) => entry.reason)).toEqual([
        'Location.ndjson line 3 is not JSON',
        'expected a Location, got a Organization',
        'the Location has no id',
      ]);
      // A bulk export leaves out the files of types it has none of.
      expect(await reader.crawl('Endpoint', sink)).toMatchObject({ resources: 0, pages: 0, bytes: 0 });
      await expect(new NdjsonDirectoryReader(join(root, 'gone')).crawl('Endpoint', sink)).rejects.toThrow(/does not exist/);
    });

    it('harvests a generated directory into a FileResourceStore that the directory builder denormalizes', async () => {
      const source = normalizeSourceUrl(generated);
      const store = new FileResourceStore(join(root, 'store'));
      try {
        const reader = new NdjsonDirectoryReader(source);
        const pass = await store.beginPass(source);
        const reports = [];
        for (const type of PLAN_NET_TYPES) reports.push({ type, ...(await reader.crawl(type, pass)) });
        await pass.commit();

        const counts = await store.counts(source);
        for (const { type, resources, quarantined } of reports) {
          const published = report.resources[type];
          expect({ type, read: resources, stored: counts[type] ?? 0, quarantined }).toEqual({ type, read: published, stored: published, quarantined: 0 });
        }
        // The generator's ZIPs published as numbers are repaired, not lost.
        expect(reports.find((typeReport) => typeReport.type === 'Location')!.repaired).toBe(report.defects.numericPostalCode);

        // Every role x Location whose Location was stored becomes one practitioner document; the
        // generator's pharmacies and facilities become documents of their kinds.
        const locations = new Set<string>();
        for await (const batch of store.scan(source, 'Location')) for (const location of batch) locations.add(`Location/${location.id}`);
        let expected = 0;
        for await (const batch of store.scan(source, 'PractitionerRole')) {
          for (const role of batch) {
            expected += (role.location as { reference: string }[]).filter((ref) => locations.has(ref.reference)).length;
          }
        }
        const kinds = new Map<string, number>();
        for await (const batch of new DirectoryBuilder().build(store, source, 'ndjson')) {
          for (const document of batch) kinds.set(document.kind, (kinds.get(document.kind) ?? 0) + 1);
        }
        expect(kinds.get('practitioner')).toBe(expected);
        expect(expected).toBeGreaterThan(PROVIDERS * 0.95);
        expect([...kinds.keys()].sort()).toEqual(['facility', 'pharmacy', 'practitioner']);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
});
