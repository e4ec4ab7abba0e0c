import { randomUUID } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { describeSearchIndexContract } from '../search-index.contract';
import { MeilisearchSearchIndex } from './meilisearch-search-index.adapter';

// Runs only against a real server (docker-compose provides one); there is none on dev machines.
const url = process.env.MEILI_URL;
const apiKey = process.env.MEILI_KEY || undefined;

/** Deletes the index and any build index a failed rebuild left behind. */
async function dropIndexes(indexUid: string): Promise<void> {
  const client = new Meilisearch({ host: url ?? '', apiKey });
  const { results } = await client.getRawIndexes({ limit: 1000 });
  for (const { uid } of results.filter(({ uid }) => uid === indexUid || uid.startsWith(`${indexUid}_build_`))) {
    await client.deleteIndex(uid).waitTask({ timeout: 30_000 });
  }
}

if (url) {
  describeSearchIndexContract('meilisearch', async () => {
    const indexUid = `pds_contract_${randomUUID().replace(/-/g, '')}`;
    const index = new MeilisearchSearchIndex({ url, apiKey, indexUid, taskTimeoutMs: 30_000 });
    return {
      index,
      cleanup: async () => {
        await index.close();
        await dropIndexes(indexUid);
      },
    };
  });
} else {
  describe.skip('SearchIndex contract: meilisearch (set MEILI_URL to run)', () => {
    it('needs a Meilisearch server', () => undefined);
  });
}
