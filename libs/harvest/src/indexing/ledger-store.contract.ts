import type { LedgerStore, RoleEntry } from './ledger-store.port';

export interface LedgerStoreFixture {
  store: LedgerStore;
  /** Another instance over the same storage, as a restarted or second process would open it. */
  reopen(): LedgerStore;
  cleanup(): Promise<void>;
}

const entry = (documentIds: string[], inputs: string[]): RoleEntry => ({
  documents: Object.fromEntries(documentIds.map((id) => [id, `hash-of-${id}`])),
  inputs,
});
const SOURCE = 'https://payer.example/fhir';

/** One contract for every LedgerStore adapter. */
export function describeLedgerStoreContract(name: string, open: () => Promise<LedgerStoreFixture>): void {
  describe(`LedgerStore contract: ${name}`, () => {
    let fixture: LedgerStoreFixture;
    let store: LedgerStore;
    const others: LedgerStore[] = [];
    const reopen = () => {
      const other = fixture.reopen();
      others.push(other);
      return other;
    };

    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });

    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await store.close();
      await fixture.cleanup();
    });

    it('knows nothing of a new source', async () => {
      expect(await store.entries(SOURCE, ['r1'])).toEqual([null]);
      expect(await store.dependents(SOURCE, ['Location/a'])).toEqual([]);
      expect(await store.size(SOURCE)).toBe(0);
    });

    it('records entries and finds roles by their inputs', async () => {
      await store.write(
        SOURCE,
        new Map([
          ['r1', entry(['d1', 'd2'], ['Location/a', 'Organization/net'])],
          ['r2', entry(['d3'], ['Location/b', 'Organization/net'])],
        ]),
      );
      expect(await store.entries(SOURCE, ['r2', 'r1', 'r9'])).toEqual([
        entry(['d3'], ['Location/b', 'Organization/net']),
        entry(['d1', 'd2'], ['Location/a', 'Organization/net']),
        null,
      ]);
      expect((await store.dependents(SOURCE, ['Organization/net'])).sort()).toEqual(['r1', 'r2']);
      expect(await store.dependents(SOURCE, ['Location/a', 'Location/z'])).toEqual(['r1']);
      expect(await store.size(SOURCE)).toBe(2);
    });

    it('follows a changed entry in the reverse index, and forgets a role on null', async () => {
      await store.write(SOURCE, new Map([['r1', entry(['d1'], ['Location/a'])], ['r2', entry(['d2'], ['Location/a'])]]));
      await store.write(SOURCE, new Map<string, RoleEntry | null>([['r1', entry(['d1'], ['Location/b'])], ['r2', null]]));
      expect(await store.dependents(SOURCE, ['Location/a'])).toEqual([]);
      expect(await store.dependents(SOURCE, ['Location/b'])).toEqual(['r1']);
      expect(await store.entries(SOURCE, ['r2'])).toEqual([null]);
      expect(await store.size(SOURCE)).toBe(1);
    });

    it('takes a replayed write as a no-op', async () => {
      const changes = new Map<string, RoleEntry | null>([['r1', entry(['d1'], ['Location/a'])], ['r2', null]]);
      await store.write(SOURCE, changes);
      await store.write(SOURCE, changes);
      expect(await store.entries(SOURCE, ['r1', 'r2'])).toEqual([entry(['d1'], ['Location/a']), null]);
      expect(await store.dependents(SOURCE, ['Location/a'])).toEqual(['r1']);
    });

    it('keeps sources apart', async () => {
      await store.write(SOURCE, new Map([['r1', entry(['d1'], ['Location/a'])]]));
      expect(await store.entries('other', ['r1'])).toEqual([null]);
      expect(await store.dependents('other', ['Location/a'])).toEqual([]);
    });

    it('replaces a whole ledger only on commit', async () => {
      await store.write(SOURCE, new Map([['old', entry(['d0'], ['Location/a'])]]));
      const replacement = await store.beginReplace(SOURCE);
      await replacement.write(new Map([['new', entry(['d1'], ['Location/a'])]]));
      expect(await store.dependents(SOURCE, ['Location/a'])).toEqual(['old']);
      await replacement.commit();
      expect(await store.dependents(SOURCE, ['Location/a'])).toEqual(['new']);
      expect(await store.entries(SOURCE, ['old', 'new'])).toEqual([null, entry(['d1'], ['Location/a'])]);
      expect(await store.size(SOURCE)).toBe(1);
    });

    it('leaves the ledger as it was when a replacement is aborted', async () => {
      await store.write(SOURCE, new Map([['old', entry(['d0'], ['Location/a'])]]));
      const replacement = await store.beginReplace(SOURCE);
      await replacement.write(new Map([['new', entry(['d1'], ['Location/a'])]]));
      await replacement.abort();
      expect(await store.dependents(SOURCE, ['Location/a'])).toEqual(['old']);
    });

    it('is read back by another instance, which sees later writes too', async () => {
      await store.write(SOURCE, new Map([['r1', entry(['d1'], ['Location/a'])]]));
      const other = reopen();
      expect(await other.entries(SOURCE, ['r1'])).toEqual([entry(['d1'], ['Location/a'])]);
      await store.write(SOURCE, new Map([['r2', entry(['d2'], ['Location/a'])]]));
      expect((await other.dependents(SOURCE, ['Location/a'])).sort()).toEqual(['r1', 'r2']);
      const replacement = await store.beginReplace(SOURCE);
      await replacement.write(new Map([['r3', entry(['d3'], ['Location/c'])]]));
      await replacement.commit();
      expect(await other.size(SOURCE)).toBe(1);
      expect(await other.dependents(SOURCE, ['Location/c'])).toEqual(['r3']);
    });
  });
}
