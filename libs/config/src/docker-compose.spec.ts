import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/** The compose file ships to operators as it is: its defaults are the ones that get deployed. */
interface Service {
  environment?: Record<string, string>;
  ports?: string[];
}
const compose = parse(readFileSync(path.resolve(__dirname, '../../../docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const { meilisearch, api, worker } = compose.services;

describe('docker-compose.yml', () => {
  it('has no default Meilisearch master key: compose refuses to start without one', () => {
    expect(meilisearch.environment!.MEILI_MASTER_KEY).toMatch(/^\$\{MEILI_MASTER_KEY:\?[^}]+\}$/);
    expect(meilisearch.environment!.MEILI_ENV).toBe('production');
  });

  it('publishes Meilisearch on the loopback interface only', () => {
    expect(meilisearch.ports).toEqual(['127.0.0.1:7700:7700']);
  });

  it('gives the API and the workers their own required scoped keys, never the master key', () => {
    expect(api.environment!.MEILI_KEY).toMatch(/^\$\{MEILI_SEARCH_KEY:\?[^}]+\}$/);
    expect(worker.environment!.MEILI_KEY).toMatch(/^\$\{MEILI_WRITE_KEY:\?[^}]+\}$/);
  });

  it('gives every API replica the same cursor secret', () => {
    expect(api.environment!.CURSOR_SECRET).toMatch(/^\$\{CURSOR_SECRET:\?[^}]+\}$/);
  });
});
