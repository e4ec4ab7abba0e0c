import type { FhirResource, PlanNetType } from '@pds/fhir';
import type { ResourceStore } from './resource-store.port';

export interface OpenedStore {
  store: ResourceStore;
  /** Another store over the same data, as a second process (or one restarted after a crash) opens it. */
  reopen(): Promise<ResourceStore>;
  /** Closes the store and every reopened one, and drops the data. */
  cleanup(): Promise<void>;
}

function resource(resourceType: PlanNetType, id: string, extra: Record<string, unknown> = {}): FhirResource {
  return { resourceType, id, ...extra };
}

async function commitPass(
  store: ResourceStore,
  source: string,
  resources: FhirResource[],
  aliases: Record<string, string> = {},
): Promise<void> {
  const pass = await store.beginPass(source);
  await pass.put(resources);
  await pass.putAliases(aliases);
  await pass.commit();
}

async function scanAll(store: ResourceStore, source: string, type: PlanNetType, batchSize?: number) {
  const batches: FhirResource[][] = [];
  for await (const batch of store.scan(source, type, batchSize)) batches.push(batch);
  return batches;
}

const ids = (resources: FhirResource[]) => resources.map((r) => r.id).sort();

/**
 * The behaviour every ResourceStore adapter must show; each adapter's spec runs it. `open` gives a
 * fresh, empty store per test.
 */
export function describeResourceStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name} (ResourceStore contract)`, () => {
    let opened: OpenedStore;
    let store: ResourceStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    it('returns committed resources in the order asked, null for missing ids', async () => {
      await commitPass(store, 'acme', [resource('Organization', 'o1'), resource('Organization', 'o2')]);

      const found = await store.getMany('acme', 'Organization', ['o2', 'missing', 'o1']);

      expect(found).toEqual([resource('Organization', 'o2'), null, resource('Organization', 'o1')]);
      expect(await store.getMany('acme', 'Organization', [])).toEqual([]);
      expect(await store.getMany('acme', 'Location', ['o1'])).toEqual([null]);
    });

    it('answers for a source never committed as empty', async () => {
      expect(await store.getMany('nobody', 'Organization', ['o1'])).toEqual([null]);
      expect(await scanAll(store, 'nobody', 'Organization')).toEqual([]);
      expect(await store.counts('nobody')).toEqual({});
      expect(await store.resolveAlias('nobody', 'urn:uuid:1')).toBeNull();
      expect(await store.sources()).toEqual([]);
    });

    it('round-trips a resource deep-equal, odd characters included', async () => {
      const practitioner = resource('Practitioner', 'p-1.x', {
        meta: { lastUpdated: '2024-05-01T10:00:00Z', profile: ['http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-Practitioner'] },
        active: true,
        name: [{ family: 'Nuñez\nO\'Brien', given: ['Zoë', '李'], text: 'line\u2028separator\r\n"quoted"\\' }],
        qualification: [{ code: { coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '207Q00000X' }] } }],
        extension: [{ url: 'http://example.org/ext', valueDecimal: 12.5, valueInteger: 0, valueBoolean: false }],
        empty: [],
        nothing: null,
      });

      await commitPass(store, 'acme', [practitioner]);

      expect(await store.getMany('acme', 'Practitioner', ['p-1.x'])).toEqual([practitioner]);
      expect(await scanAll(store, 'acme', 'Practitioner')).toEqual([[practitioner]]);
    });

    it('hands out copies: mutating a returned resource does not change the store', async () => {
      await commitPass(store, 'acme', [resource('Organization', 'o1', { name: 'Acme' })]);
      const [first] = await store.getMany('acme', 'Organization', ['o1']);
      first!.name = 'changed';

      expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([resource('Organization', 'o1', { name: 'Acme' })]);
    });

    it('scans every resource of a type in batches of batchSize', async () => {
      // Big enough that a store reading in steps (Redis HSCAN over a real hash table) takes several.
      const locations = Array.from({ length: 301 }, (_, i) => resource('Location', `l${i}`, { n: i, text: 'x'.repeat(100) }));
      await commitPass(store, 'acme', [...locations, resource('Organization', 'o1')]);

      const batches = await scanAll(store, 'acme', 'Location', 100);

      expect(batches.map((batch) => batch.length)).toEqual([100, 100, 100, 1]);
      expect(ids(batches.flat())).toEqual(ids(locations));
      expect(ids((await scanAll(store, 'acme', 'Location')).flat())).toEqual(ids(locations));
      expect(await scanAll(store, 'acme', 'Practitioner', 10)).toEqual([]);
    });

    it('keeps the last of two puts of one id within a pass', async () => {
      const pass = await store.beginPass('acme');
      await pass.put([resource('Organization', 'o1', { name: 'old' })]);
      await pass.put([resource('Organization', 'o1', { name: 'new' })]);
      await pass.commit();

      expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([resource('Organization', 'o1', { name: 'new' })]);
      expect(await store.counts('acme')).toEqual({ Organization: 1 });
    });

    it('shows nothing of a pass before it commits', async () => {
      await commitPass(store, 'acme', [resource('Organization', 'o1', { v: 1 })], { 'urn:uuid:a': 'Organization/o1' });
      const pass = await store.beginPass('acme');
      await pass.put([resource('Organization', 'o1', { v: 2 }), resource('Location', 'l1')]);
      await pass.putAliases({ 'urn:uuid:a': 'Organization/other' });
      const fresh = await store.beginPass('fresh');
      await fresh.put([resource('Organization', 'f1')]);

      expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([resource('Organization', 'o1', { v: 1 })]);
      expect(await store.getMany('acme', 'Location', ['l1'])).toEqual([null]);
      expect(await store.resolveAlias('acme', 'urn:uuid:a')).toBe('Organization/o1');
      expect(await store.counts('acme')).toEqual({ Organization: 1 });
      expect(await store.sources()).toEqual(['acme']);
      expect(await store.getMany('fresh', 'Organization', ['f1'])).toEqual([null]);

      await pass.commit();
      expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([resource('Organization', 'o1', { v: 2 })]);
      await fresh.abort();
    });

    it('leaves the stored resources intact when a pass is aborted', async () => {
      await commitPass(store, 'acme', [resource('Organization', 'o1', { v: 1 })], { 'urn:uuid:a': 'Organization/o1' });
      const pass = await store.beginPass('acme');
      await pass.put([resource('Organization', 'o1', { v: 2 }), resource('Practitioner', 'p1')]);
      await pass.putAliases({ 'urn:uuid:b': 'Practitioner/p1' });

      await pass.abort();

      expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([resource('Organization', 'o1', { v: 1 })]);
      expect(await store.getMany('acme', 'Practitioner', ['p1'])).toEqual([null]);
      expect(await store.resolveAlias('acme', 'urn:uuid:a')).toBe('Organization/o1');
      expect(await store.resolveAlias('acme', 'urn:uuid:b')).toBeNull();
      expect(await store.counts('acme')).toEqual({ Organization: 1 });
    });

    it('replaces the whole source with the second pass: what it lacks is gone', async () => {
      await commitPass(
        store,
        'acme',
        [resource('Organization', 'o1'), resource('Organization', 'o2', { v: 1 }), resource('Location', 'l1')],
        { 'urn:uuid:o1': 'Organization/o1' },
      );

      await commitPass(store, 'acme', [resource('Organization', 'o2', { v: 2 }), resource('Practitioner', 'p1')], {
        'urn:uuid:p1': 'Practitioner/p1',
      });

      expect(await store.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([null, resource('Organization', 'o2', { v: 2 })]);
      expect(await store.getMany('acme', 'Location', ['l1'])).toEqual([null]);
      expect(await scanAll(store, 'acme', 'Location')).toEqual([]);
      expect(await store.counts('acme')).toEqual({ Organization: 1, Practitioner: 1 });
      expect(await store.resolveAlias('acme', 'urn:uuid:o1')).toBeNull();
      expect(await store.resolveAlias('acme', 'urn:uuid:p1')).toBe('Practitioner/p1');
    });

    it('empties a source with a pass that puts nothing, keeping it listed', async () => {
      await commitPass(store, 'acme', [resource('Organization', 'o1')], { 'urn:uuid:o1': 'Organization/o1' });

      await commitPass(store, 'acme', []);

      expect(await store.sources()).toEqual(['acme']);
      expect(await store.counts('acme')).toEqual({});
      expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([null]);
      expect(await store.resolveAlias('acme', 'urn:uuid:o1')).toBeNull();
    });

    it('lists committed sources and counts per type', async () => {
      const odd = 'https://payer.example/fhir/R4?plan=a.b:c d ü';
      await commitPass(store, 'zeta', [resource('Endpoint', 'e1')]);
      await commitPass(store, odd, [
        resource('Organization', 'o1'),
        resource('Organization', 'o2'),
        resource('PractitionerRole', 'r1'),
      ]);
      await commitPass(store, 'alpha', []);

      expect(await store.sources()).toEqual(['alpha', odd, 'zeta'].sort());
      expect(await store.counts(odd)).toEqual({ Organization: 2, PractitionerRole: 1 });
      expect(await store.counts('zeta')).toEqual({ Endpoint: 1 });
      expect(await store.getMany(odd, 'Organization', ['o2'])).toEqual([resource('Organization', 'o2')]);
    });

    it('resolves aliases merged over several putAliases calls', async () => {
      const pass = await store.beginPass('acme');
      await pass.put([resource('Organization', 'o1'), resource('Location', 'l1')]);
      await pass.putAliases({ 'urn:uuid:1': 'Organization/o1' });
      await pass.putAliases({ 'https://payer.example/fhir/Location/l1': 'Location/l1', 'urn:uuid:x': 'Organization/o1' });
      await pass.commit();

      expect(await store.resolveAlias('acme', 'urn:uuid:1')).toBe('Organization/o1');
      expect(await store.resolveAlias('acme', 'https://payer.example/fhir/Location/l1')).toBe('Location/l1');
      expect(await store.resolveAlias('acme', 'urn:uuid:x')).toBe('Organization/o1');
      expect(await store.resolveAlias('acme', 'urn:uuid:2')).toBeNull();
    });

    it('keeps sources apart', async () => {
      await commitPass(store, 'a', [resource('Organization', 'o1', { of: 'a' }), resource('Location', 'l1')], {
        'urn:uuid:1': 'Organization/o1',
      });
      await commitPass(store, 'b', [resource('Organization', 'o1', { of: 'b' })]);

      await commitPass(store, 'a', [resource('Practitioner', 'p1')]);

      expect(await store.getMany('b', 'Organization', ['o1'])).toEqual([resource('Organization', 'o1', { of: 'b' })]);
      expect(await store.getMany('a', 'Organization', ['o1'])).toEqual([null]);
      expect(await store.counts('b')).toEqual({ Organization: 1 });
      expect(await store.counts('a')).toEqual({ Practitioner: 1 });
      expect(await store.resolveAlias('b', 'urn:uuid:1')).toBeNull();
      expect(await store.sources()).toEqual(['a', 'b']);
    });

    it('refuses a finished pass and takes abort after commit as a no-op', async () => {
      const pass = await store.beginPass('acme');
      await pass.put([resource('Organization', 'o1')]);
      await pass.commit();

      await expect(pass.put([resource('Organization', 'o2')])).rejects.toThrow();
      await expect(pass.putAliases({ 'urn:uuid:1': 'Organization/o1' })).rejects.toThrow();
      await expect(pass.commit()).rejects.toThrow();
      await pass.abort();
      expect(await store.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([resource('Organization', 'o1'), null]);
    });

    it('rejects a resource that is not a Plan-Net type or has no id', async () => {
      const pass = await store.beginPass('acme');

      await expect(pass.put([{ resourceType: 'Patient', id: 'x' }])).rejects.toThrow(/Patient/);
      await expect(pass.put([{ resourceType: 'Organization' } as FhirResource])).rejects.toThrow(/Organization/);
      await pass.abort();
    });

    it('rejects a batch size below one', async () => {
      await expect(scanAll(store, 'acme', 'Organization', 0)).rejects.toThrow(RangeError);
    });
  });
}
