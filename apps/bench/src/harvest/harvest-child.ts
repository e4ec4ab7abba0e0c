import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { HarvestRunReport } from '@pds/harvest';
import { benchChildEnv, SERVICE_NODE_FLAGS } from '../child-env';

/** The built harvest CLI (the file `npm run harvest` runs). */
const HARVEST_CLI = resolve(__dirname, '../../../worker/src/harvest.cli.js');

export interface HarvestChildOptions {
  dataDir: string;
  pageSize: number;
  requestsPerSecond: number;
  /** Omitted: the harvester plans the run itself, as a scheduled run would. */
  mode?: 'full';
}

export interface TimedHarvest {
  report: HarvestRunReport;
  /** Process start to exit: the run, the index catching up and the process's own start-up. */
  wallSeconds: number;
}

/** One `npm run harvest -- --json URL` in its own process, embedded, on the bench's settings. */
export async function runHarvestChild(sourceUrl: string, options: HarvestChildOptions): Promise<TimedHarvest> {
  const env = benchChildEnv({
    DATA_DIR: options.dataDir,
    HARVEST_PAGE_SIZE: String(options.pageSize),
    HARVEST_REQUESTS_PER_SECOND: String(options.requestsPerSecond),
  });
  const args = [...SERVICE_NODE_FLAGS, HARVEST_CLI, '--json', ...(options.mode ? [`--${options.mode}`] : []), sourceUrl];
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const wallSeconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`the harvest CLI exited with ${code}: ${stdout.slice(-2000)}`);
  return { report: JSON.parse(stdout) as HarvestRunReport, wallSeconds };
}
