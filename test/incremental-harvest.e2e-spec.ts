import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HarvestDatasetFigures } from '../apps/bench/src/harvest/harvest-bench-report';
import { REPO_ROOT } from './support/service-process';

jest.setTimeout(120_000);

/**
 * The measure, through `npm run bench:harvest`: a full harvest of the shared directory from
 * the real test FHIR server, 1% of it edited upstream, then a run the harvester plans itself.
 */
describe('an incremental harvest after 1% of a directory changed upstream', () => {
  let figures: HarvestDatasetFigures;

  beforeAll(async () => {
    const json = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'pds-bench-harvest-')), 'figures.json');
    const bench = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'dist/apps/bench/src/harvest/main.js'), '--sizes', 'shared', '--page-size', '100', '--json', json],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    bench.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(bench, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`bench:harvest exited with ${code}: ${stderr}`);
    [figures] = JSON.parse(await fs.readFile(json, 'utf8')) as HarvestDatasetFigures[];
  });

  it('is planned as incremental and sees every edited resource, and only a few more', () => {
    // The shared directory's 5,274 resources are all stored: the 122 with numbers for strings are repaired.
    expect(figures.changed).toBe(Math.round(5274 / 100));
    expect(figures.full).toMatchObject({ mode: 'full', added: 5274, updated: 0 });
    expect(figures.incremental).toMatchObject({ mode: 'incremental', updated: figures.changed, added: 0, deleted: 0 });
    expect(figures.incremental.resources).toBeLessThan(figures.changed * 2);
  });

  it('fetches a small share of the requests and bytes of a full run', () => {
    expect(figures.incremental.requests).toBeLessThan(figures.full.requests / 4);
    expect(figures.incremental.bytes).toBeLessThan(figures.full.bytes / 20);
  });

  it('rebuilds only the provider roles whose inputs changed, and serves as many documents', () => {
    // Every owner of documents: 2,007 PractitionerRoles, 167 OrganizationAffiliations and 169 HealthcareServices.
    expect(figures.full.rolesRebuilt).toBe(2007 + 167 + 169);
    expect(figures.incremental.rolesRebuilt).toBeGreaterThan(0);
    expect(figures.incremental.rolesRebuilt).toBeLessThan(figures.full.rolesRebuilt / 2);
    expect(figures.incremental.documents).toBe(figures.full.documents);
  });
});
