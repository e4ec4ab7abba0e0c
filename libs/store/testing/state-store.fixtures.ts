import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileStateStore, RedisStateStore, type StateStore } from '@pds/store';
import { startTestRedis } from '@pds/testing/redis';

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
