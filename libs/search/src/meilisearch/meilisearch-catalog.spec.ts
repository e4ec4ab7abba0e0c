import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Meilisearch } from 'meilisearch';
import { providerDocument } from '@pds/search/testing';
import { MeilisearchCatalog } from './meilisearch-catalog';

describe('MeilisearchCatalog over HTTP', () => {
  // 750 providers at two locations each; provider n is with payer n % 3.
  const documents = Array.from({ length: 1500 }, (_, i) =>
    providerDocument({ id: `d${i}`, npi: String(1_100_000_000 + (i >> 1)), payers: [{ id: `payer-${(i >> 1) % 3}`, name: `Payer ${(i >> 1) % 3}` }] }),
  );
  let updatedAt = '2026-01-01T00:00:00Z';
  let indexExists = true;
  const requests: string[] = [];
  let server: Server;
  let catalog: MeilisearchCatalog;
  let clock = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const url = new URL(req.url ?? '/', 'http://localhost');
      res.setHeader('content-type', 'application/json');
      if (!indexExists) {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: 'Index `providers` not found.', code: 'index_not_found', type: 'invalid_request', link: '' }));
        return;
      }
      if (url.pathname === '/indexes/providers') {
        res.end(JSON.stringify({ uid: 'providers', primaryKey: 'id', createdAt: updatedAt, updatedAt }));
        return;
      }
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      const results = documents.slice(offset, offset + limit).map((document) => ({ document }));
      res.end(JSON.stringify({ results, offset, limit, total: documents.length }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new Meilisearch({ host: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    catalog = new MeilisearchCatalog(client, 'providers', () => clock);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    requests.length = 0;
    clock += 60_000;
  });

  it('tallies every document a page at a time, counting providers, not documents', async () => {
    const result = await catalog.get();
    expect(result.payer).toEqual([
      { id: 'payer-0', name: 'Payer 0', providers: 250 },
      { id: 'payer-1', name: 'Payer 1', providers: 250 },
      { id: 'payer-2', name: 'Payer 2', providers: 250 },
    ]);
    expect(requests).toEqual([
      'GET /indexes/providers',
      'GET /indexes/providers/documents?fields=document&offset=0&limit=1000',
      'GET /indexes/providers/documents?fields=document&offset=1000&limit=1000',
    ]);
  });

  it('asks whether the index changed at most every few seconds, and reads the documents again only when it did', async () => {
    const first = await catalog.get();
    requests.length = 0;
    expect(await catalog.get()).toBe(first);
    expect(requests).toEqual([]);
    clock += 5_000;
    expect(await catalog.get()).toBe(first);
    expect(requests).toEqual(['GET /indexes/providers']);
    updatedAt = '2026-01-02T00:00:00Z';
    clock += 5_000;
    await catalog.get();
    expect(requests.filter((request) => request.includes('/documents'))).toHaveLength(2);
  });

  it('is empty while the index does not exist', async () => {
    indexExists = false;
    expect((await catalog.get()).payer).toEqual([]);
    indexExists = true;
  });
});
