import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 10;

/** Tokens of the locks this process holds now: a lock naming our pid with another token is a dead predecessor's. */
const held = new Set<string>();

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` while holding an exclusive lock file (created with O_EXCL, holding the owner's pid
 * and a random token), so processes on one host sharing a directory take turns. A lock whose
 * owner has died is broken; so is one naming this very pid with a token this process never took,
 * which is what a crash leaves behind in a container where node always runs as PID 1. The lock is
 * released only while it still holds our token, never one another process took over meanwhile.
 */
export async function withPidFileLock<T>(path: string, work: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const token = randomBytes(12).toString('hex');
  await acquire(path, token, timeoutMs);
  held.add(token);
  try {
    return await work();
  } finally {
    held.delete(token);
    await releaseIfOurs(path, token);
  }
}

async function acquire(path: string, token: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await writeFile(path, `${process.pid} ${token}`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // An empty file is a lock being created right now, not a stale one.
    const owner = parseOwner(await readFile(path, 'utf8').catch(() => ''));
    // Two processes breaking one stale lock at the same instant could both get it; recovery after
    // a crash is rare enough on one host that this is accepted rather than fenced.
    if (owner && isStale(owner)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${path} (held by pid ${owner?.pid ?? 'unknown'})`);
    await delay(POLL_MS);
  }
}

function isStale({ pid, token }: { pid: number; token: string }): boolean {
  if (pid === process.pid) return !held.has(token);
  return !isProcessAlive(pid);
}

async function releaseIfOurs(path: string, token: string): Promise<void> {
  const owner = parseOwner(await readFile(path, 'utf8').catch(() => ''));
  if (owner?.pid === process.pid && owner.token === token) await rm(path, { force: true });
}

/** `pid token`; a lock written before tokens existed holds only the pid, and matches no token of ours. */
function parseOwner(text: string): { pid: number; token: string } | null {
  const [pid, token = ''] = text.trim().split(' ');
  const number = Number(pid);
  return Number.isInteger(number) && number > 0 ? { pid: number, token } : null;
}
