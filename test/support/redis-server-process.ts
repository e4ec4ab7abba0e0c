import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort, waitFor } from './service-process';

/** A private redis-server a test may stop and start again on the same port, as an outage does. */
export class RedisServerProcess {
  private server: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServerProcess> {
    const redis = new RedisServerProcess(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    let output = '';
    server.stdout?.on('data', (chunk) => (output += chunk));
    this.server = server;
    await waitFor(async () => output.includes('Ready to accept connections'), 10_000, () => output);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}
