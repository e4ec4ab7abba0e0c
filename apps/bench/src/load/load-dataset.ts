import { join } from 'node:path';
import { SeededRandom, UsGeography } from '@pds/generator';
import { normalizeSourceUrl } from '@pds/harvest';
import { FileResourceStore } from '@pds/store';
import { readNdjsonDirectory, startTestFhirServer, type TestFhirServer } from '@pds/testing';
import { buildIndex, collectDocuments, loadStore, prepareSource } from '../dataset';
import { runFigures } from '../harvest/harvest-bench-report';
import { runHarvestChild } from '../harvest/harvest-child';
import { changeUpstream } from '../harvest/upstream-change';
import { sampleQueries } from '../query-sampler';
import { sampleSuggestQueries } from '../suggest-queries';
import type { LoadOptions } from './load-args';
import { LoadMix } from './load-mix';

/** Queries per class the mix draws from. */
const QUERIES_PER_CLASS = 300;
/** Share of the served resources edited upstream, so the harvest during the load has work to do. */
const CHANGED_PERCENT = 1;

export interface LoadDataset {
  documents: number;
  mix: LoadMix;
  /** The FHIR server the reindex scenario harvests from (null when idle). */
  server: TestFhirServer | null;
}

/**
 * The generated directory in `dataDir` as the API will serve it. Idle: loaded and indexed directly,
 * as the bench does. Reindex: served by the test FHIR server and fully harvested by the built CLI,
 * then 1% of it edited upstream, so that a harvest started during the load is incremental and real.
 */
export async function prepareLoadDataset(options: LoadOptions, dataDir: string, log: (line: string) => void): Promise<LoadDataset> {
  const source = await prepareSource(options.size, options.seed, log);
  let documents: number;
  let server: TestFhirServer | null = null;
  let loaded: Parameters<typeof collectDocuments>[0];
  if (options.during === 'idle') {
    loaded = await loadStore(source.dir, dataDir);
    documents = (await buildIndex(loaded, dataDir)).documents;
  } else {
    server = await startTestFhirServer({ dataDir: source.dir });
    log(`serving the directory at ${server.baseUrl}; full harvest through the CLI`);
    const harvest = await runHarvestChild(server.baseUrl, { dataDir, pageSize: 1000, requestsPerSecond: 100, mode: 'full' });
    documents = runFigures(harvest.report, harvest.wallSeconds).documents;
    const sourceKey = normalizeSourceUrl(server.baseUrl);
    loaded = { store: new FileResourceStore(join(dataDir, 'resources')), source: sourceKey, seconds: 0, resources: 0 };
    const refs = Object.values(await readNdjsonDirectory(source.dir))
      .flat()
      .map((resource) => ({ type: resource.resourceType, id: resource.id }));
    const change = await changeUpstream(server, refs, CHANGED_PERCENT, options.seed);
    log(`changed ${change.changed.length} resources upstream for the incremental harvest`);
  }
  log(`${documents} documents indexed; drawing the query mix`);
  const all = await collectDocuments(loaded);
  const geography = UsGeography.load();
  const queries = sampleQueries(all, (zip) => geography.lookup(zip), QUERIES_PER_CLASS, options.seed);
  const suggestions = sampleSuggestQueries(all, QUERIES_PER_CLASS, new SeededRandom(options.seed + 6));
  return { documents, mix: new LoadMix(queries, suggestions, new SeededRandom(options.seed + 7)), server };
}
