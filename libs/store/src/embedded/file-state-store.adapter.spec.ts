import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeStateStoreContract } from '../state-store.contract';
import { FileStateStore } from './file-state-store.adapter';

describeStateStoreContract('files', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'pds-state-'));
  return { store: new FileStateStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('FileStateStore permissions', () => {
  it('writes files 0600 and makes new directories 0700, replacing a world-readable older file', async () => {
    const root = path.join(await mkdtemp(path.join(tmpdir(), 'pds-state-mode-')), 'data', 'state');
    const store = new FileStateStore(root);
    try {
      await mkdir(path.join(root, 'sources'), { recursive: true });
      await writeFile(path.join(root, 'sources', 'payer.json'), '{}', { mode: 0o644 });

      await store.set('sources/payer', { headers: { 'x-api-key': 'secret' } });
      await store.set('runs/payer/r1', {});

      const mode = async (at: string) => (await stat(path.join(root, at))).mode & 0o777;
      expect(await mode('sources/payer.json')).toBe(0o600);
      expect(await mode('runs/payer/r1.json')).toBe(0o600);
      expect([await mode('runs'), await mode('runs/payer')]).toEqual([0o700, 0o700]);
    } finally {
      await rm(path.resolve(root, '../..'), { recursive: true, force: true });
    }
  });
});
