import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileLedgerStore } from './file-ledger-store.adapter';
import { describeLedgerStoreContract } from './ledger-store.contract';

describeLedgerStoreContract('file', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'ledger-'));
  return {
    store: new FileLedgerStore(root),
    reopen: () => new FileLedgerStore(root),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describe('FileLedgerStore', () => {
  let root: string;
  beforeEach(async () => (root = await mkdtemp(path.join(tmpdir(), 'ledger-'))));
  afterEach(() => rm(root, { recursive: true, force: true }));

  const logOf = (source: string) => path.join(root, `${encodeURIComponent(source)}.ledger.ndjson`);

  it('cuts a torn last line left by a crash, and appends after it cleanly', async () => {
    const store = new FileLedgerStore(root);
    await store.write('s', new Map([['r1', { documents: { d1: 'h' }, inputs: ['Location/a'] }]]));
    await appendFile(logOf('s'), '["r2",["d2","h"],["Loc');
    const reopened = new FileLedgerStore(root);
    expect(await reopened.entries('s', ['r1', 'r2'])).toEqual([{ documents: { d1: 'h' }, inputs: ['Location/a'] }, null]);
    await reopened.write('s', new Map([['r3', { documents: { d3: 'h' }, inputs: [] }]]));
    expect(await new FileLedgerStore(root).size('s')).toBe(2);
  });

  it('ends a whole last line that lost its newline before appending', async () => {
    await writeFile(logOf('s'), '["r1",["d1","h"],[]]');
    const store = new FileLedgerStore(root);
    await store.write('s', new Map([['r2', { documents: { d2: 'h' }, inputs: [] }]]));
    expect((await readFile(logOf('s'), 'utf8')).split('\n')).toEqual(['["r1",["d1","h"],[]]', '["r2",["d2","h"],[]]', '']);
  });

  it('rewrites the log compactly once superseded lines outnumber the slack (2 × live + 10k)', async () => {
    const store = new FileLedgerStore(root);
    for (let round = 0; round < 4; round++) {
      const changes = new Map(Array.from({ length: 6_000 }, (_, i) => [`r${i}`, { documents: { [`d${round}`]: 'h' }, inputs: [] }]));
      await store.write('s', changes);
    }
    expect((await readFile(logOf('s'), 'utf8')).trim().split('\n')).toHaveLength(6_000);
    expect(await new FileLedgerStore(root).entries('s', ['r5'])).toEqual([{ documents: { d3: 'h' }, inputs: [] }]);
  });
});
