import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeStateStoreContract } from '../state-store.contract';
import { FileStateStore } from './file.state-store';

describeStateStoreContract('files', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'pds-state-'));
  return { store: new FileStateStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});
