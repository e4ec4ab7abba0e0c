import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';

const LOCAL_URL = 'redis://127.0.0.1:6379';
const START_TIMEOUT_MS = 10_000;

export interface TestRedis {
  url: string;
  /** A key prefix unique to this run; `cleanup` deletes only keys under it. */
  prefix: string;
  cleanup(): Promise<void>;
}

/**
 * A Redis server for tests: `TEST_REDIS_URL` if set, else one answering on 127.0.0.1:6379, else a
 * `redis-server` spawned on a free port. Shared servers are never flushed: the test keeps to
 * its own prefix and only that prefix is deleted afterwards.
 */
export async function startTestRedis(): Promise<TestRedis> {
  const prefix = `pds-test:${randomBytes(6).toString('hex')}:`;
  const url = process.env.TEST_REDIS_URL;
  if (url) return onSharedServer(url, prefix);
  if (await answersPing(LOCAL_URL)) return onSharedServer(LOCAL_URL, prefix);
  return onSpawnedServer(prefix);
}

function onSharedServer(url: string, prefix: string): TestRedis {
  return { url, prefix, cleanup: () => deletePrefix(url, prefix) };
}

async function deletePrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    // The prefix is hex and ':' only, so it needs no glob escaping.
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    await redis.quit();
  }
}

async function onSpawnedServer(prefix: string): Promise<TestRedis> {
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForServer(server, url);
  } catch (error) {
    await stop(server);
    throw error;
  }
  return { url, prefix, cleanup: () => stop(server) };
}

async function waitForServer(server: ChildProcess, url: string): Promise<void> {
  let spawnError: Error | undefined;
  server.once('error', (error) => (spawnError = error));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answersPing(url))) {
    if (spawnError) throw new Error(`Could not start redis-server: ${spawnError.message}`);
    if (server.exitCode !== null) throw new Error(`redis-server exited with code ${server.exitCode}`);
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url}`);
    await delay(50);
  }
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || server.pid === undefined) return;
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  await exited;
}

async function answersPing(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // A refused connection is an answer here, not an error to report.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('No TCP port was assigned');
  return address.port;
}
