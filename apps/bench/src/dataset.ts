import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DirectoryBuilder } from '@pds/directory';
import { PLAN_NET_TYPES } from '@pds/fhir';
import { generateDirectory } from '@pds/generator';
import { NdjsonDirectoryReader, normalizeSourceUrl } from '@pds/harvest';
import type { ProviderDocument } from '@pds/search';
import { FileResourceStore } from '@pds/store';
import type { BuildMessage } from './build-child';
import { SERVICE_NODE_FLAGS } from './child-env';

/** Where generated directories are kept between runs (git-ignored). */
export const CACHE_ROOT = resolve('.bench');
const MARKER = 'generated.json';
/** Bumped when the generator's output changes, so a cached directory of an older generator is not reused. */
const GENERATOR_VERSION = 2;

export interface GeneratedSource {
  dir: string;
  /** False when the cached directory was reused. */
  generated: boolean;
  seconds: number;
}

/** Generates the size's directory with the project's generator, or reuses the cached one. */
export async function prepareSource(size: number, seed: number, log: (line: string) => void): Promise<GeneratedSource> {
  const dir = join(CACHE_ROOT, `${size}-${seed}-g${GENERATOR_VERSION}`, 'source');
  if (existsSync(join(dir, MARKER))) {
    log(`reusing ${dir}`);
    return { dir, generated: false, seconds: 0 };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  log(`generating ${size} provider-locations (seed ${seed}) into ${dir}`);
  const report = await generateDirectory({ providers: size, seed, out: dir });
  // Written last: a run stopped half way regenerates instead of reusing a partial directory.
  await writeFile(join(dir, MARKER), `${JSON.stringify(report, null, 2)}\n`);
  return { dir, generated: true, seconds: report.seconds };
}

export interface LoadedStore {
  store: FileResourceStore;
  source: string;
  seconds: number;
  resources: number;
}

/**
 * Loads the directory into a FileResourceStore under `dataDir/resources` through the harvest
 * code path for directories: the source key `npm run harvest -- DIR` uses, the harvester's NDJSON
 * directory reader (screening as the crawler does) putting every type into one store pass,
 * committed at the end. The run bookkeeping around it (checkpoints, run records, the deletion
 * guard) is left out: it has nothing to guard on a first load.
 */
export async function loadStore(sourceDir: string, dataDir: string): Promise<LoadedStore> {
  const started = performance.now();
  const store = new FileResourceStore(join(dataDir, 'resources'));
  const source = normalizeSourceUrl(sourceDir);
  const reader = new NdjsonDirectoryReader(source);
  const pass = await store.beginPass(source);
  let resources = 0;
  try {
    for (const type of PLAN_NET_TYPES) resources += (await reader.crawl(type, pass)).resources;
    await pass.commit();
  } catch (error) {
    await pass.abort();
    throw error;
  }
  return { store, source, seconds: (performance.now() - started) / 1000, resources };
}

export interface BuiltIndex {
  indexDir: string;
  documents: number;
  /** Documents per kind (PRACTITIONER, FACILITY, PHARMACY). */
  byKind: Record<string, number>;
  /** Denormalize (DirectoryBuilder) + index (EmbeddedSearchIndex rebuild and commit, snapshot written), the store's opening included. */
  seconds: number;
  /** The build process's peak resident set; null where /proc cannot say. */
  peakRssMB: number | null;
}

/** The one source's id, the scope of its documents' network, plan, payer and organization ids. */
const BENCH_SOURCE_ID = 'bench';

/**
 * The timed build: the real DirectoryBuilder streaming batches into an embedded index rebuild, in a
 * child process run as the service's builders are (see build-child).
 */
export function buildIndex(loaded: LoadedStore, dataDir: string): Promise<BuiltIndex> {
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const child = fork(join(__dirname, 'build-child.js'), [dataDir, loaded.source, BENCH_SOURCE_ID], {
      execArgv: SERVICE_NODE_FLAGS,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: BuildMessage) => {
      settled = true;
      if (message.type === 'error') reject(new Error(`build child failed: ${message.message}`));
      else resolvePromise({ indexDir: join(dataDir, 'index'), ...message });
    });
    child.on('exit', (code, signal) => {
      if (!settled) reject(new Error(`build child exited (${signal ?? code}) before reporting`));
    });
  });
}

/**
 * The same documents again, as objects, for the peer, the floor and query sampling. A second,
 * untimed pass: keeping a million objects alive during the timed build would slow it down
 * (the embedded build keeps JSON bytes, not objects).
 */
export async function collectDocuments(loaded: LoadedStore): Promise<ProviderDocument[]> {
  const documents: ProviderDocument[] = [];
  for await (const batch of new DirectoryBuilder().build(loaded.store, loaded.source, BENCH_SOURCE_ID)) {
    for (const document of batch) documents.push(document);
  }
  return documents;
}
