import { mkdtemp, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
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

  it('removes the replacements that dead processes left when a new one begins, and keeps a live process’s', async () => {
    const log = logOf('s');
    // Far above Linux's pid_max (4,194,304): no process has it.
    const dead = `${log}.4194400.aaaaaaaaaaaa.tmp`;
    // This very pid with a token it never took: a predecessor that crashed as PID 1 in a container.
    const predecessor = `${log}.${process.pid}.bbbbbbbbbbbb.tmp`;
    const legacy = `${log}.cccccccccccc.tmp`;
    const live = `${log}.${process.ppid}.dddddddddddd.tmp`;
    const otherSource = `${logOf('t')}.4194400.eeeeeeeeeeee.tmp`;
    for (const file of [dead, predecessor, legacy, live, otherSource]) await writeFile(file, '["r1",["d1","h"],[]]\n');

    const store = new FileLedgerStore(root);
    const replacement = await store.beginReplace('s');
    const during = await readdir(root);
    expect(during).toEqual(expect.arrayContaining([path.basename(live), path.basename(otherSource)]));
    expect(during.filter((name) => [dead, predecessor, legacy].map((file) => path.basename(file)).includes(name))).toEqual([]);
    const own = during.filter((name) => name.startsWith(`${path.basename(log)}.${process.pid}.`));
    expect(own).toHaveLength(1);

    // A second replacement of this process, begun while the first is open, leaves the first alone.
    const second = await store.beginReplace('s');
    expect(await readdir(root)).toEqual(expect.arrayContaining(own));
    await second.abort();
    await replacement.write(new Map([['r2', { documents: { d2: 'h' }, inputs: [] }]]));
    await replacement.commit();
    expect(await store.entries('s', ['r2'])).toEqual([{ documents: { d2: 'h' }, inputs: [] }]);
    expect((await readdir(root)).sort()).toEqual([path.basename(log), path.basename(live), path.basename(otherSource)].sort());
  });
});
