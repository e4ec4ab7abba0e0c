import type { StateStore } from './state-store.port';

/** One contract for every StateStore adapter. */
export function describeStateStoreContract(
  name: string,
  open: () => Promise<{ store: StateStore; cleanup(): Promise<void> }>,
): void {
  describe(`StateStore contract: ${name}`, () => {
    let store: StateStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });

    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('returns null for a key never set', async () => {
      expect(await store.get('runs/none')).toBeNull();
    });

    it('round-trips JSON values and replaces them', async () => {
      await store.set('runs/a/1', { pages: 3, types: { Location: { next: 'http://x/Location?_offset=3' } } });
      expect(await store.get('runs/a/1')).toEqual({ pages: 3, types: { Location: { next: 'http://x/Location?_offset=3' } } });
      await store.set('runs/a/1', { pages: 4 });
      expect(await store.get('runs/a/1')).toEqual({ pages: 4 });
    });

    it('deletes, and deleting a missing key is harmless', async () => {
      await store.set('held/x', true);
      await store.delete('held/x');
      await store.delete('held/x');
      expect(await store.get('held/x')).toBeNull();
    });

    it('lists keys under a prefix, sorted, and only those', async () => {
      await store.set('runs/b/2', 2);
      await store.set('runs/a/2', 2);
      await store.set('runs/a/1', 1);
      await store.set('runsx/a', 0);
      await store.set('sources/a', 0);
      expect(await store.list('runs/a')).toEqual(['runs/a/1', 'runs/a/2']);
      expect(await store.list('runs/')).toEqual(['runs/a/1', 'runs/a/2', 'runs/b/2']);
      expect(await store.list('nothing')).toEqual([]);
    });

    it('keeps an encoded URL as one segment', async () => {
      const key = `sources/${encodeURIComponent('https://payer.example/fhir')}`;
      await store.set(key, { ok: true });
      expect(await store.list('sources')).toEqual([key]);
    });

    it('rejects keys that could escape their namespace', async () => {
      await expect(store.set('../etc/passwd', 1)).rejects.toThrow(/invalid state key/);
      await expect(store.get('runs//a')).rejects.toThrow(/invalid state key/);
      await expect(store.set('a b', 1)).rejects.toThrow(/invalid state key/);
    });
  });
}
