import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSearchIndexContract } from '../search-index.contract';
import { EmbeddedSearchIndex } from './embedded-search-index.adapter';

describeSearchIndexContract('embedded', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'pds-embedded-contract-'));
  const index = await EmbeddedSearchIndex.open(directory, { watchIntervalMs: 0 });
  return {
    index,
    cleanup: async () => {
      await index.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
