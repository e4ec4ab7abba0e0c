import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(REPO_ROOT, 'dist/apps');

/** The cursor secret every service process of the e2e suite shares, as replicas of a deployment do. */
export const E2E_CURSOR_SECRET = 'e2e-cursor-secret-0123456789abcdef';

/** The environment a service process gets: only what the test says, never the caller's Redis/Meili. */
/** The service settings that point it at a test Redis: its URL, and its key prefix as BullMQ takes it (no trailing `:`). */
export function redisEnv(redis: { url: string; prefix: string }): { REDIS_URL: string; REDIS_PREFIX: string } {
  return { REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix.replace(/:$/, '') };
}

export function serviceEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const { REDIS_URL: _redis, MEILI_URL: _meili, SOURCES: _sources, ...inherited } = process.env;
  // Test sources are local servers: no need for the 5 requests/s a real payer gets by default,
  // and admins must be allowed to point sources at loopback. A fixed cursor secret, as a
  // deployment sets it, keeps cursors valid across the restarts some tests make. Every request of
  // a suite comes from one IP, so the per-client rate limit is off unless a test turns it on.
  const local = { HARVEST_REQUESTS_PER_SECOND: '100', ALLOW_PRIVATE_SOURCES: 'true', CURSOR_SECRET: E2E_CURSOR_SECRET, RATE_LIMIT: 'off' };
  return { ...inherited, LOG_LEVEL: 'warn', HARVEST_ON_START: 'false', ...local, ...overrides };
}

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  return port;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the built harvest CLI as `npm run harvest` would, after the build. */
export function spawnHarvestCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(DIST, 'worker/src/harvest.cli.js'), ...args], { env });
}

/** Runs the built harvest CLI to its end. */
export async function runHarvestCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawnHarvestCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export interface RunningService {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the built API (`npm start` minus the build) and waits until /health answers. */
export async function startApi(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const port = await freePort();
  const service = startNode(path.join(DIST, 'api/src/main.js'), { ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health`)).ok, 30_000, service.output);
  return { ...service, url };
}

export function startWorker(env: NodeJS.ProcessEnv): Omit<RunningService, 'url'> {
  return startNode(path.join(DIST, 'worker/src/main.js'), env);
}

function startNode(script: string, env: NodeJS.ProcessEnv): Omit<RunningService, 'url'> {
  const child = spawn(process.execPath, [script], { env });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; output:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
