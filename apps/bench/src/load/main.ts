import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TYPENAME_BODY } from '../bench-query';
import { ApiProcess } from '../http-load';
import { LOAD_USAGE, type LoadOptions, parseLoadArgs } from './load-args';
import { prepareLoadDataset } from './load-dataset';
import { formatLoadReport, type IndexUpdate, type LoadFigures } from './load-report';
import { runMix } from './load-runner';

/** The admin key of the API a reindex run starts (a throwaway: the API lives as long as the run). */
const ADMIN_KEY = 'loadtest-admin-key-0123456789';
/** The floor is a steady figure: 10 s is plenty, and leaves the time to the mix. */
const FLOOR_SECONDS = 10;
/** Requests drawn from the mix and sent once before timing: every class must answer without errors. */
const CHECKED_REQUESTS = 100;

/** `npm run loadtest`: the built API over HTTP under a realistic query mix; see LOAD_USAGE. */
async function main(argv: string[]): Promise<number> {
  const args = parseLoadArgs(argv);
  if ('help' in args) {
    process.stdout.write(`${LOAD_USAGE}\n`);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`loadtest: ${args.error}\n${LOAD_USAGE}\n`);
    return 2;
  }
  const figures = await loadTest(args.options, (line) => process.stderr.write(`[loadtest] ${line}\n`));
  process.stdout.write(`\n${formatLoadReport(figures)}\n`);
  if (args.options.json) {
    await writeFile(args.options.json, `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`wrote ${args.options.json}\n`);
  }
  return figures.mix.errors === 0 ? 0 : 1;
}

async function loadTest(options: LoadOptions, log: (line: string) => void): Promise<LoadFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), `pds-load-${options.size}-`));
  const dataset = await prepareLoadDataset(options, dataDir, log).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const reindexing = options.during === 'reindex' && dataset.server;
  try {
    const api = await ApiProcess.start(dataDir, dataset.documents, {
      RATE_LIMIT: 'off',
      ...(reindexing ? { SOURCES: dataset.server!.baseUrl, ADMIN_API_KEY: ADMIN_KEY, ALLOW_PRIVATE_SOURCES: 'true' } : {}),
    });
    try {
      await api.check(Array.from({ length: CHECKED_REQUESTS }, () => dataset.mix.next().body));
      log(`1-min load average ${loadavg()[0].toFixed(1)} (2 cores: above ~2, other work competes); floor for ${Math.min(options.seconds, FLOOR_SECONDS)} s`);
      const floor = await api.load([TYPENAME_BODY], Math.min(options.seconds, FLOOR_SECONDS));
      const started = performance.now();
      const jobs = reindexing ? [await admin(api, 'mutation { reindex }', 'reindex'), await admin(api, 'mutation { harvest }', 'harvest')] : [];
      const watch = reindexing ? watchIndex(api, started) : null;
      let early: { after: number; rssMB: number } | null = null;
      const earlyAfter = options.soak ? Math.round(options.soak / 10) : 0;
      log(options.soak ? `soak: ${options.soak} requests` : `mix for ${options.seconds} s${reindexing ? ` while jobs ${jobs.join(', ')} run` : ''}`);
      const mix = await runMix(`${api.url}/graphql`, dataset.mix, {
        ...(options.soak ? { amount: options.soak } : { seconds: options.seconds }),
        ...(options.soak ? { checkpoint: { after: earlyAfter, run: () => (early = { after: earlyAfter, rssMB: rssMB(api.pid) }) } } : {}),
      });
      const endRssMB = rssMB(api.pid);
      const updates = watch ? await watch.stop() : [];
      const soakEarly = early as { after: number; rssMB: number } | null;
      return {
        size: options.size,
        during: options.during,
        documents: dataset.documents,
        floor,
        mix,
        floorRatio: floor.rps > 0 ? mix.rps / floor.rps : 0,
        reindex: reindexing ? { jobs, updates } : null,
        soak: soakEarly ? { earlyAfter: soakEarly.after, earlyRssMB: soakEarly.rssMB, endRssMB, growth: endRssMB / soakEarly.rssMB - 1 } : null,
      };
    } finally {
      await api.stop();
    }
  } finally {
    await dataset.server?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** An admin mutation returning a job id; fails the run if the API refuses it. */
async function admin(api: ApiProcess, query: string, field: string): Promise<string> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-key': ADMIN_KEY },
    body: JSON.stringify({ query }),
  });
  const json = (await response.json()) as { data?: Record<string, string>; errors?: unknown };
  if (!json.data?.[field]) throw new Error(`${query} was refused (${response.status}): ${JSON.stringify(json.errors)}`);
  return json.data[field];
}

/** Polls indexStatus once a second and records when a new generation is published. */
function watchIndex(api: ApiProcess, started: number): { stop: () => Promise<IndexUpdate[]> } {
  const updates: IndexUpdate[] = [];
  let last: string | null | undefined;
  let running = true;
  const poll = async () => {
    while (running) {
      const status = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-key': ADMIN_KEY },
        body: JSON.stringify({ query: '{ indexStatus { documents updatedAt } }' }),
      })
        .then((response) => response.json() as Promise<{ data?: { indexStatus: { documents: number; updatedAt: string | null } } }>)
        .catch(() => null);
      const index = status?.data?.indexStatus;
      if (index && last !== undefined && index.updatedAt !== last) updates.push({ atSeconds: (performance.now() - started) / 1000, documents: index.documents });
      if (index) last = index.updatedAt;
      await new Promise((done) => setTimeout(done, 1000));
    }
  };
  const polling = poll();
  return {
    stop: async () => {
      running = false;
      await polling;
      return updates;
    },
  };
}

/** The process's resident set, from /proc (Linux), in MB. */
function rssMB(pid: number): number {
  const kB = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kB) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kB) / 1024;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`loadtest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
