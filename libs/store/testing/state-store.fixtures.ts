import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileStateStore, RedisStateStore, type StateStore } from '@pds/store';

export interface OpenedStateStore {
  state: StateStore;
  cleanup(): Promise<void>;
}

/** Both StateStore adapters, fresh and empty per call: specs over the store run against each. */
export const STATE_STORE_ADAPTERS: [string, () => Promise<OpenedStateStore>][] = [
  [
    'files',
    async () => {
      const root = await mkdtemp(path.join(tmpdir(), 'pds-state-'));
      return { state: new FileStateStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
    },
  ],
  [
    'redis',
    async () => {
      // Required here, not imported at the top: @pds/testing also loads the test FHIR server
      // (medplum), ~3 s that every unit spec importing @pds/store/testing for the in-memory store
      // would pay. (A dynamic import() does not type-check: ESM resolution cannot map a lib folder.)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startTestRedis } = require('@pds/testing') as typeof import('@pds/testing');
      const redis = await startTestRedis();
      const state = new RedisStateStore(redis.url, redis.prefix);
      return {
        state,
        cleanup: async () => {
          await state.close();
          await redis.cleanup();
        },
      };
    },
  ],
];
