import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { API_NODE_FLAGS, benchChildEnv } from './child-env';

export interface HttpFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export const HTTP_CONNECTIONS = 16;

/** The built API entry point (the same file `npm start` runs). */
const API_MAIN = resolve(__dirname, '../../api/src/main.js');

/** The real API process over `dataDir`, on a free loopback port, harvesting nothing. */
export class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /** `settings` add to or override the bench's environment (e.g. SOURCES and ADMIN_API_KEY for a load test that reindexes). */
  static async start(dataDir: string, expectedDocuments: number, settings: Record<string, string> = {}): Promise<ApiProcess> {
    const port = await freePort();
    const env = benchChildEnv({
      DATA_DIR: dataDir,
      PORT: String(port),
      HARVEST_ON_START: 'false',
      HARVEST_INTERVAL_MINUTES: '0',
      NODE_ENV: 'production',
      ...settings,
    });
    const child = spawn(process.execPath, [...API_NODE_FLAGS, API_MAIN], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    const api = new ApiProcess(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} before it was ready`);
      const health = await fetch(`${api.url}/health`).then((r) => (r.ok ? (r.json() as Promise<{ documents?: number }>) : null), () => null);
      if (health && health.documents === expectedDocuments) return api;
      if (Date.now() > deadline) {
        await api.stop();
        throw new Error(`the API did not serve ${expectedDocuments} documents within 120 s (health: ${JSON.stringify(health)})`);
      }
      await new Promise((done) => setTimeout(done, 200));
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Sends each body once and fails on any GraphQL error: load numbers of failing requests would lie. */
  async check(bodies: readonly string[]): Promise<void> {
    for (const body of bodies) {
      const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const json = (await response.json()) as { errors?: unknown[]; data?: unknown };
      if (!response.ok || json.errors || !json.data) throw new Error(`the API refused a bench query (${response.status}): ${JSON.stringify(json).slice(0, 500)}`);
    }
  }

  /** 16 connections for `seconds`, cycling through `bodies`; loopback only. */
  async load(bodies: readonly string[], seconds: number): Promise<HttpFigures> {
    let next = 0;
    const result = await autocannon({
      url: `${this.url}/graphql`,
      connections: HTTP_CONNECTIONS,
      pipelining: 1,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
    });
    return {
      rps: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors,
      non2xx: result.non2xx,
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
