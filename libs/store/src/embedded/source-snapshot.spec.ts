import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDeletionLine, encodeResourceLine } from './resource-line-codec';
import { deltaFile, typeFile } from './source-dir-layout';
import { readSnapshot, snapshotHashes } from './source-snapshot';

const practitioner = (id: string, name: string) => JSON.stringify({ resourceType: 'Practitioner', id, name: [{ text: name }] });

describe('readSnapshot', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'pds-snapshot-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads a type file in chunks smaller than its lines: every line whole, multi-byte text intact, in file order', async () => {
    const names = ['Ann', 'Zoë Ångström-Nguyễn', 'B'.repeat(300), '李小龍', 'last line without a newline'];
    const lines = names.map((name, i) => encodeResourceLine(`Practitioner/p${i}`, `hash${i}`, practitioner(`p${i}`, name)));
    // A bare resource, as stores wrote them before hashes were kept.
    lines.splice(2, 0, practitioner('bare', 'Old'));
    await writeFile(join(dir, typeFile('Practitioner')), lines.join('\n'));

    for (const chunkBytes of [16, 61, 1 << 20]) {
      const table = (await readSnapshot(dir, 1, chunkBytes)).resources.get('Practitioner')!;
      expect([...table.jsons()].map((json) => (JSON.parse(json) as { name: { text: string }[] }).name[0].text)).toEqual([
        names[0],
        names[1],
        'Old',
        ...names.slice(2),
      ]);
      expect(table.hash('p1')).toBe('hash1');
      expect(table.hash('bare')).toBeNull();
      expect(table.hash('missing')).toBeUndefined();
      expect(table.json('p3')).toBe(practitioner('p3', names[3]));
    }
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
