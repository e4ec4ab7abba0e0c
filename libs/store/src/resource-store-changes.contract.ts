import type { FhirResource, PlanNetType } from '@pds/fhir';
import type { OpenedStore } from './resource-store.contract';
import type { ChangeSet, ResourceStore } from './resource-store.port';
import { UnknownPassError } from './unknown-pass.error';

function resource(resourceType: PlanNetType, id: string, extra: Record<string, unknown> = {}): FhirResource {
  return { resourceType, id, ...extra };
}

async function commitPass(store: ResourceStore, source: string, resources: FhirResource[]): Promise<ChangeSet> {
  const pass = await store.beginPass(source);
  await pass.put(resources);
  return pass.commit();
}

const counts = ({ added, updated, unchanged, deleted }: ChangeSet) => ({ added, updated, unchanged, deleted });

/**
 * Change detection, the change journal, incremental writes and resumed passes: what every
 * ResourceStore adapter must show beside `describeResourceStoreContract`. `open` gives a fresh,
 * empty store per test.
 */
export function describeResourceStoreChangesContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name} (ResourceStore contract: changes)`, () => {
    let opened: OpenedStore;
    let store: ResourceStore;

    /** Every ref journaled after `sequence`, read in pages of `limit`. */
    async function journaled(source: string, sequence: number, limit = 1000): Promise<string[]> {
      const refs: string[] = [];
      for (;;) {
        const page = await store.changesSince(source, sequence, limit);
        if (page.refs.length === 0) return refs;
        refs.push(...page.refs);
        sequence = page.sequence;
      }
    }

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    it('compares by content: meta, text and key order alone leave a resource unchanged', async () => {
      const first = await commitPass(store, 'acme', [
        resource('Organization', 'o1', {
          name: 'A',
          active: true,
          meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00Z' },
          text: { div: '<div>A</div>' },
        }),
        resource('Organization', 'o2', { name: 'B' }),
        resource('Location', 'l1'),
      ]);
      expect(counts(first)).toEqual({ added: 3, updated: 0, unchanged: 0, deleted: 0 });

      const reharvested = resource('Organization', 'o1', {
        meta: { versionId: '2', lastUpdated: '2024-02-01T00:00:00Z' },
        text: { div: '<div>regenerated</div>' },
        active: true,
        name: 'A',
      });
      const pass = await store.beginPass('acme');
      await pass.put([reharvested, resource('Organization', 'o2', { name: 'B2' }), resource('Practitioner', 'p1')]);
      const expected = { added: 1, updated: 1, unchanged: 1, deleted: 1 };

      expect(await pass.preview()).toEqual(expected);
      expect(await store.getMany('acme', 'Organization', ['o2'])).toEqual([resource('Organization', 'o2', { name: 'B' })]);
      const second = await pass.commit();

      expect(counts(second)).toEqual(expected);
      expect(second.sequence).toBeGreaterThan(first.sequence);
      expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([reharvested]);
      expect(await store.getMany('acme', 'Location', ['l1'])).toEqual([null]);
    });

    it('journals every ref a commit adds, updates or deletes, and nothing for an unchanged pass', async () => {
      const first = await commitPass(store, 'acme', [resource('Organization', 'o1'), resource('Location', 'l1')]);
      expect((await journaled('acme', 0)).sort()).toEqual(['Location/l1', 'Organization/o1']);

      const again = await commitPass(store, 'acme', [resource('Organization', 'o1'), resource('Location', 'l1')]);
      expect(counts(again)).toEqual({ added: 0, updated: 0, unchanged: 2, deleted: 0 });
      expect(again.sequence).toBe(first.sequence);
      expect(await journaled('acme', first.sequence)).toEqual([]);

      await commitPass(store, 'acme', [resource('Organization', 'o1', { v: 2 }), resource('Endpoint', 'e1')]);
      expect((await journaled('acme', first.sequence)).sort()).toEqual(['Endpoint/e1', 'Location/l1', 'Organization/o1']);
    });

    it('journals nothing for an aborted pass', async () => {
      const first = await commitPass(store, 'acme', [resource('Organization', 'o1')]);
      const pass = await store.beginPass('acme');
      await pass.put([resource('Organization', 'o2')]);
      expect(await pass.preview()).toEqual({ added: 1, updated: 0, unchanged: 0, deleted: 1 });

      await pass.abort();

      expect(await journaled('acme', first.sequence)).toEqual([]);
      expect((await store.changesSince('acme', 0, 10)).sequence).toBe(first.sequence);
    });

    it('pages the journal oldest first with limit and the sequence each page returns', async () => {
      const sequences: number[] = [];
      for (const id of ['a', 'b', 'c', 'd', 'e']) sequences.push((await store.upsert('acme', [resource('Organization', id)])).sequence);
      expect([...sequences].sort((x, y) => x - y)).toEqual(sequences);
      expect(new Set(sequences).size).toBe(5);

      const pages: string[][] = [];
      let sequence = 0;
      for (;;) {
        const page = await store.changesSince('acme', sequence, 2);
        if (page.refs.length === 0) break;
        pages.push(page.refs);
        sequence = page.sequence;
      }

      expect(pages).toEqual([['Organization/a', 'Organization/b'], ['Organization/c', 'Organization/d'], ['Organization/e']]);
      expect(sequence).toBe(sequences[4]);
      expect(await store.changesSince('acme', sequences[1], 10)).toEqual({
        refs: ['Organization/c', 'Organization/d', 'Organization/e'],
        sequence: sequences[4],
      });
    });

    it('answers each ref once however often it changed', async () => {
      await store.upsert('acme', [resource('Organization', 'o1', { v: 1 })]);
      await store.upsert('acme', [resource('Organization', 'o2')]);
      const last = await store.upsert('acme', [resource('Organization', 'o1', { v: 2 })]);

      const page = await store.changesSince('acme', 0, 10);

      expect(page.refs.sort()).toEqual(['Organization/o1', 'Organization/o2']);
      expect(page.sequence).toBe(last.sequence);
    });

    it('answers a source without changes from 0 and rejects a sequence or limit it cannot take', async () => {
      expect(await store.changesSince('nobody', 0, 10)).toEqual({ refs: [], sequence: 0 });
      const { sequence } = await store.upsert('acme', [resource('Organization', 'o1')]);

      await expect(store.changesSince('nobody', 5, 10)).rejects.toThrow(RangeError);
      await expect(store.changesSince('acme', sequence + 1000, 10)).rejects.toThrow(RangeError);
      await expect(store.changesSince('acme', -1, 10)).rejects.toThrow(RangeError);
      await expect(store.changesSince('acme', 0, 0)).rejects.toThrow(RangeError);
    });

    it('keeps the journals of sources apart', async () => {
      await store.upsert('a', [resource('Organization', 'oa')]);
      await store.upsert('b', [resource('Organization', 'ob')]);

      expect(await journaled('a', 0)).toEqual(['Organization/oa']);
      expect(await journaled('b', 0)).toEqual(['Organization/ob']);
    });

    it('upserts into the live resources of a new source and lists it', async () => {
      const result = await store.upsert('fresh', [resource('Organization', 'o1', { name: 'A' }), resource('Location', 'l1')]);

      expect(counts(result)).toEqual({ added: 2, updated: 0, unchanged: 0, deleted: 0 });
      expect(await store.sources()).toEqual(['fresh']);
      expect(await store.counts('fresh')).toEqual({ Organization: 1, Location: 1 });
      expect(await store.getMany('fresh', 'Organization', ['o1'])).toEqual([resource('Organization', 'o1', { name: 'A' })]);
      expect((await journaled('fresh', 0)).sort()).toEqual(['Location/l1', 'Organization/o1']);
    });

    it('upserts over a committed source, keeping the rest of it and its aliases', async () => {
      const pass = await store.beginPass('acme');
      await pass.put([resource('Organization', 'o1', { name: 'A' }), resource('Organization', 'o2'), resource('Location', 'l1')]);
      await pass.putAliases({ 'urn:uuid:1': 'Organization/o1' });
      const committed = await pass.commit();

      const result = await store.upsert('acme', [
        resource('Organization', 'o1', { name: 'A2' }),
        resource('Location', 'l1', { meta: { versionId: '9' } }),
        resource('Practitioner', 'p1'),
      ]);

      expect(counts(result)).toEqual({ added: 1, updated: 1, unchanged: 1, deleted: 0 });
      expect(await store.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([
        resource('Organization', 'o1', { name: 'A2' }),
        resource('Organization', 'o2'),
      ]);
      expect(await store.counts('acme')).toEqual({ Organization: 2, Location: 1, Practitioner: 1 });
      expect(await store.resolveAlias('acme', 'urn:uuid:1')).toBe('Organization/o1');
      expect((await journaled('acme', committed.sequence)).sort()).toEqual(['Organization/o1', 'Practitioner/p1']);
    });

    it('takes the same upsert twice as unchanged, journaling nothing the second time', async () => {
      const batch = [resource('Organization', 'o1', { name: 'A' }), resource('Location', 'l1')];
      const first = await store.upsert('acme', batch);

      const second = await store.upsert('acme', batch);

      expect(counts(second)).toEqual({ added: 0, updated: 0, unchanged: 2, deleted: 0 });
      expect(second.sequence).toBe(first.sequence);
      expect(await journaled('acme', first.sequence)).toEqual([]);
    });

    it('keeps the last of one ref given twice in an upsert', async () => {
      const result = await store.upsert('acme', [resource('Organization', 'o1', { v: 1 }), resource('Organization', 'o1', { v: 2 })]);

      expect(counts(result)).toEqual({ added: 1, updated: 0, unchanged: 0, deleted: 0 });
      expect(await store.getMany('acme', 'Organization', ['o1'])).toEqual([resource('Organization', 'o1', { v: 2 })]);
    });

    it('compares a pass with what upserts wrote since the last commit', async () => {
      await commitPass(store, 'acme', [resource('Organization', 'o1', { v: 1 })]);
      await store.upsert('acme', [resource('Organization', 'o1', { v: 2 }), resource('Organization', 'o2')]);

      const pass = await store.beginPass('acme');
      await pass.put([resource('Organization', 'o1', { v: 2 })]);

      expect(await pass.preview()).toEqual({ added: 0, updated: 0, unchanged: 1, deleted: 1 });
      expect(counts(await pass.commit())).toEqual({ added: 0, updated: 0, unchanged: 1, deleted: 1 });
      expect(await store.counts('acme')).toEqual({ Organization: 1 });
    });

    it('removes refs, ignoring missing ones, and journals what it removed', async () => {
      const committed = await commitPass(store, 'acme', [
        resource('Organization', 'o1'),
        resource('Organization', 'o2'),
        resource('Location', 'l1'),
      ]);

      const result = await store.remove('acme', ['Organization/o1', 'Organization/missing', 'Location/l1', 'Organization/o1']);

      expect(counts(result)).toEqual({ added: 0, updated: 0, unchanged: 0, deleted: 2 });
      expect(await store.getMany('acme', 'Organization', ['o1', 'o2'])).toEqual([null, resource('Organization', 'o2')]);
      expect(await store.counts('acme')).toEqual({ Organization: 1 });
      expect((await journaled('acme', committed.sequence)).sort()).toEqual(['Location/l1', 'Organization/o1']);

      const again = await store.remove('acme', ['Organization/o1']);
      expect(counts(again)).toEqual({ added: 0, updated: 0, unchanged: 0, deleted: 0 });
      expect(again.sequence).toBe(result.sequence);
      expect(counts(await store.remove('nobody', ['Organization/o1']))).toEqual({ added: 0, updated: 0, unchanged: 0, deleted: 0 });
      expect(await store.sources()).toEqual(['acme']);
    });

    it('rejects a ref that is not Type/id of a Plan-Net type', async () => {
      await expect(store.remove('acme', ['Patient/p1'])).rejects.toThrow(/Patient/);
      await expect(store.remove('acme', ['Organization'])).rejects.toThrow(/Organization/);
      await expect(store.upsert('acme', [{ resourceType: 'Patient', id: 'x' }])).rejects.toThrow(/Patient/);
    });

    it('upserts an id added back after a remove as added', async () => {
      await store.upsert('acme', [resource('Organization', 'o1')]);
      await store.remove('acme', ['Organization/o1']);

      const again = await store.upsert('acme', [resource('Organization', 'o1')]);

      expect(counts(again)).toEqual({ added: 1, updated: 0, unchanged: 0, deleted: 0 });
    });

    it('resumes an uncommitted pass by id in another store instance, with what it held', async () => {
      await commitPass(store, 'acme', [resource('Organization', 'old')]);
      const crashed = await store.beginPass('acme');
      await crashed.put([resource('Organization', 'o1', { v: 1 }), resource('Location', 'l1')]);
      await crashed.putAliases({ 'urn:uuid:1': 'Organization/o1' });

      const restarted = await opened.reopen();
      const resumed = await restarted.beginPass('acme', crashed.id);
      await resumed.put([resource('Organization', 'o1', { v: 2 }), resource('Practitioner', 'p1')]);

      expect(resumed.id).toBe(crashed.id);
      expect(await resumed.preview()).toEqual({ added: 3, updated: 0, unchanged: 0, deleted: 1 });
      expect(counts(await resumed.commit())).toEqual({ added: 3, updated: 0, unchanged: 0, deleted: 1 });
      expect(await store.getMany('acme', 'Organization', ['o1', 'old'])).toEqual([resource('Organization', 'o1', { v: 2 }), null]);
      expect(await store.counts('acme')).toEqual({ Organization: 1, Location: 1, Practitioner: 1 });
      expect(await store.resolveAlias('acme', 'urn:uuid:1')).toBe('Organization/o1');
    });

    it('refuses to resume a pass committed, aborted, never begun or of another source', async () => {
      const committed = await store.beginPass('acme');
      await committed.commit();
      const aborted = await store.beginPass('acme');
      await aborted.put([resource('Organization', 'o1')]);
      await aborted.abort();
      const stillOpen = await store.beginPass('acme');

      for (const passId of [committed.id, aborted.id, '00000000-0000-4000-8000-000000000000', '../acme', '']) {
        await expect(store.beginPass('acme', passId)).rejects.toThrow(UnknownPassError);
      }
      await expect(store.beginPass('other', stillOpen.id)).rejects.toThrow(UnknownPassError);
      expect(stillOpen.id).not.toBe(committed.id);
      await stillOpen.abort();
    });
  });
}
