import { FileStateStore } from '@pds/store';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InvalidSourceSettingsError } from './source-settings-validation';
import { SourceRegistry } from './source-registry';

describe('where an admin may point a source', () => {
  let root: string;
  let state: FileStateStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'pds-target-policy-'));
    state = new FileStateStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const problems = (promise: Promise<unknown>) =>
    promise.then(
      () => [],
      (error: unknown) => {
        expect(error).toBeInstanceOf(InvalidSourceSettingsError);
        return (error as InvalidSourceSettingsError).problems;
      },
    );

  it.each([
    ['http://127.0.0.1:6379', 'loopback'],
    ['http://localhost:8080/fhir', 'loopback'],
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['http://10.0.0.5/fhir', 'private'],
  ])('refuses %s (%s) and stores nothing', async (baseUrl, range) => {
    const registry = new SourceRegistry(state);

    expect(await problems(registry.upsert({ id: 'evil', baseUrl }))).toEqual([
      expect.stringMatching(new RegExp(`^baseUrl: .* is a ${range} address; sources may only reach public addresses`)),
    ]);
    expect(await registry.list()).toEqual([]);
  });

  it('refuses a private export origin too', async () => {
    const registry = new SourceRegistry(state);

    const found = await problems(
      registry.upsert({ id: 'payer', baseUrl: 'https://payer.example/fhir', exportOrigins: ['http://192.168.0.10'] }),
    );

    expect(found).toEqual([expect.stringMatching(/^exportOrigins\.0: 192\.168\.0\.10 is a private address/)]);
  });

  it('allows private targets when the operator set ALLOW_PRIVATE_SOURCES, and trusts what the operator configures', async () => {
    const allowing = new SourceRegistry(state, { allowPrivateTargets: true, allowInsecureHeaders: false });
    await expect(allowing.upsert({ id: 'on-prem', baseUrl: 'http://10.0.0.5/fhir' })).resolves.toMatchObject({ id: 'on-prem' });

    const strict = new SourceRegistry(state);
    await expect(strict.replace({ id: 'file-source', baseUrl: 'http://127.0.0.1:8080/fhir' })).resolves.toMatchObject({ id: 'file-source' });
    // Editing another field of it does not re-check where it points.
    await expect(strict.upsert({ id: 'file-source', pageSize: 20 })).resolves.toMatchObject({ pageSize: 20 });
  });

  it('requires https for a source with headers unless the operator allows http', async () => {
    const strict = new SourceRegistry(state);
    const input = { id: 'payer', baseUrl: 'http://payer.example/fhir', headers: { 'x-api-key': 'k' } };

    expect(await problems(strict.upsert(input))).toEqual([expect.stringContaining('headers: a source with headers (an API key) must use https')]);
    expect(await problems(strict.replace(input))).toHaveLength(1);
    await expect(strict.upsert({ ...input, baseUrl: 'https://payer.example/fhir' })).resolves.toMatchObject({ id: 'payer' });

    const lax = new SourceRegistry(state, { allowPrivateTargets: false, allowInsecureHeaders: true });
    await expect(lax.upsert(input)).resolves.toMatchObject({ baseUrl: 'http://payer.example/fhir' });
  });
});
