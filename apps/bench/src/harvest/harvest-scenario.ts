import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planNetDataDir, readNdjsonDirectory, startTestFhirServer } from '@pds/testing';
import { prepareSource } from '../dataset';
import type { HarvestBenchOptions, HarvestDataset } from './harvest-bench-args';
import { type HarvestDatasetFigures, runFigures } from './harvest-bench-report';
import { runHarvestChild } from './harvest-child';
import { changeUpstream } from './upstream-change';

/**
 * A full harvest of the dataset served by the real test FHIR server, an edit of a share of its
 * resources upstream, then a run the harvester plans itself (incremental by `_lastUpdated` on
 * this server): both through the built CLI, each in its own process.
 */
export async function benchHarvestDataset(dataset: HarvestDataset, options: HarvestBenchOptions, log: (line: string) => void): Promise<HarvestDatasetFigures> {
  const dir = dataset === 'shared' ? planNetDataDir() : (await prepareSource(dataset, options.seed, log)).dir;
  const refs = Object.values(await readNdjsonDirectory(dir))
    .flat()
    .map((resource) => ({ type: resource.resourceType, id: resource.id }));
  const loading = performance.now();
  const server = await startTestFhirServer({ dataDir: dir });
  const serverLoadSeconds = (performance.now() - loading) / 1000;
  log(`serving ${refs.length} resources (loaded in ${serverLoadSeconds.toFixed(1)} s) at ${server.baseUrl}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'pds-bench-harvest-'));
  try {
    const settings = { dataDir, pageSize: options.pageSize, requestsPerSecond: options.requestsPerSecond };
    const fullRun = await runHarvestChild(server.baseUrl, { ...settings, mode: 'full' });
    const full = runFigures(fullRun.report, fullRun.wallSeconds);
    log(`full: ${full.requests} requests, ${full.runSeconds.toFixed(1)} s`);
    const change = await changeUpstream(server, refs, options.changePercent, options.seed);
    log(`changed ${change.changed.length} resources upstream: ${JSON.stringify(change.byType)}`);
    const secondRun = await runHarvestChild(server.baseUrl, settings);
    const incremental = runFigures(secondRun.report, secondRun.wallSeconds);
    log(`${incremental.mode}: ${incremental.requests} requests, ${incremental.runSeconds.toFixed(1)} s, ${incremental.updated} updated`);
    return {
      dataset: dataset === 'shared' ? 'shared' : `generated ${dataset}`,
      served: refs.length,
      changed: change.changed.length,
      serverLoadSeconds,
      full,
      incremental,
    };
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
