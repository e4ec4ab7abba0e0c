import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDeletionLine, encodeResourceLine } from './resource-line-codec';
import { deltaFile, typeFile } from './source-dir-layout';
import { closeSnapshot, readSnapshot, snapshotHashes } from './source-snapshot';

const practitioner = (id: string, name: string) => JSON.stringify({ resourceType: 'Practitioner', id, name: [{ text: name }] });
const names = (jsons: Iterable<string>) => [...jsons].map((json) => (JSON.parse(json) as { name: { text: string }[] }).name[0].text);

describe('readSnapshot', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'pds-snapshot-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads a type file through a buffer smaller than its lines: every line whole, multi-byte text intact, in file order', async () => {
    const texts = ['Ann', 'Zoë Ångström-Nguyễn', 'B'.repeat(300), '李小龍', 'last line without a newline'];
    const lines = texts.map((name, i) => encodeResourceLine(`Practitioner/p${i}`, `hash${i}`, practitioner(`p${i}`, name)));
    // A bare resource, as stores wrote them before hashes were kept.
    lines.splice(2, 0, practitioner('bare', 'Old'));
    // Another type's line is that type's; a deletion drops what an earlier line put; an empty line is skipped.
    lines.splice(3, 0, encodeResourceLine('Organization/o1', 'hash-o1', JSON.stringify({ resourceType: 'Organization', id: 'o1' })));
    lines.splice(4, 0, encodeResourceLine('Practitioner/gone', 'hash-gone', practitioner('gone', 'Gone')), encodeDeletionLine('Practitioner/gone'), '');
    await writeFile(join(dir, typeFile('Practitioner')), lines.join('\n'));

    for (const bufferBytes of [1, 16, 61, 1 << 20]) {
      const snapshot = await readSnapshot(dir, 1, bufferBytes);
      const table = snapshot.resources.get('Practitioner')!;
      expect(names(table.jsons())).toEqual([texts[0], texts[1], 'Old', ...texts.slice(2)]);
      expect(table.hash('p1')).toBe('hash1');
      expect(table.hash('bare')).toBeNull();
      expect(table.hash('missing')).toBeUndefined();
      expect(table.has('gone')).toBe(false);
      expect(table.json('p3')).toBe(practitioner('p3', texts[3]));
      expect([...table.hashes()]).toEqual([['p0', 'hash0'], ['p1', 'hash1'], ['bare', null], ['p2', 'hash2'], ['p3', 'hash3'], ['p4', 'hash4']]);
      expect(snapshot.resources.get('Organization')!.hash('o1')).toBe('hash-o1');
      closeSnapshot(snapshot);
    }
  });

  it('scans a type file larger than its read blocks, a line longer than a block among them, in file order', async () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `${i} ${'é'.repeat(i % 700)}`);
    texts[1500] = 'L'.repeat(1.5 * (1 << 20));
    const lines = texts.map((name, i) => encodeResourceLine(`Practitioner/p${i}`, `hash${i}`, practitioner(`p${i}`, name)));
    await writeFile(join(dir, typeFile('Practitioner')), lines.join('\n') + '\n');

    const table = (await readSnapshot(dir, 1)).resources.get('Practitioner')!;

    expect(names(table.jsons())).toEqual(texts);
    expect([...table.hashes()].map(([, hash]) => hash)).toEqual(texts.map((_, i) => `hash${i}`));
    expect(table.json('p2999')).toBe(practitioner('p2999', texts[2999]));
  });

  it('reads from the files it opened after a commit replaced its directory and removed them', async () => {
    const write = (version: string) =>
      writeFile(join(dir, typeFile('Practitioner')), ['a', 'b'].map((id) => encodeResourceLine(`Practitioner/${id}`, `${version}-${id}`, practitioner(id, version))).join('\n'));
    await write('old');
    const table = (await readSnapshot(dir, 1, 16)).resources.get('Practitioner')!;

    await rename(dir, `${dir}.aside`);
    await rm(`${dir}.aside`, { recursive: true });
    // The next generation in its place: the table must not read files by name.
    await mkdir(dir);
    await write('new');

    expect(names(table.jsons())).toEqual(['old', 'old']);
    expect(table.hash('b')).toBe('old-b');
    expect(table.json('a')).toBe(practitioner('a', 'old'));
  });

  it('throws on reads of its type files once closed; entries applied as text still read', async () => {
    await writeFile(join(dir, typeFile('Practitioner')), encodeResourceLine('Practitioner/a', 'hash-a', practitioner('a', 'A')));
    await writeFile(join(dir, deltaFile(2)), encodeResourceLine('Practitioner/b', 'hash-b', practitioner('b', 'B')) + '\n');
    const snapshot = await readSnapshot(dir, 2);
    const table = snapshot.resources.get('Practitioner')!;

    closeSnapshot(snapshot);
    closeSnapshot(snapshot);

    expect(() => table.json('a')).toThrow(/was closed/);
    expect(() => table.hash('a')).toThrow(/was closed/);
    expect(() => [...table.jsons()]).toThrow(/was closed/);
    expect(table.json('b')).toBe(practitioner('b', 'B'));
  });

  it('applies deltas over the type files: updates keep their place, deletions drop, hashes follow', async () => {
    await writeFile(
      join(dir, typeFile('Practitioner')),
      ['a', 'b', 'c'].map((id) => encodeResourceLine(`Practitioner/${id}`, `old-${id}`, practitioner(id, id))).join('\n') + '\n',
    );
    await writeFile(
      join(dir, deltaFile(2)),
      [encodeResourceLine('Practitioner/b', 'new-b', practitioner('b', 'B2')), encodeDeletionLine('Practitioner/a'), encodeResourceLine('Practitioner/d', 'new-d', practitioner('d', 'd'))].join('\n') + '\n',
    );
    const snapshot = await readSnapshot(dir, 2, 32);
    const table = snapshot.resources.get('Practitioner')!;
    expect(table.size).toBe(3);
    expect(table.has('a')).toBe(false);
    expect(table.json('b')).toBe(practitioner('b', 'B2'));
    expect([...snapshotHashes(snapshot)]).toEqual([
      ['Practitioner/b', 'new-b'],
      ['Practitioner/c', 'old-c'],
      ['Practitioner/d', 'new-d'],
    ]);
    expect(snapshot.resources.get('Organization')!.size).toBe(0);
  });
});
