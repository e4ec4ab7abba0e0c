import { readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 10;

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
 * Runs `work` while holding an exclusive lock file (created with O_EXCL, holding the owner's pid),
 * so processes on one host sharing a directory take turns. A lock whose owner has died is broken.
 */
export async function withPidFileLock<T>(path: string, work: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  await acquire(path, timeoutMs);
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}

async function acquire(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // An empty file is a lock being created right now, not a stale one.
    const owner = Number(await readFile(path, 'utf8').catch(() => ''));
    // Two processes breaking one stale lock at the same instant could both get it; recovery after
    // a crash is rare enough on one host that this is accepted rather than fenced.
    if (owner > 0 && !isProcessAlive(owner)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${path} (held by pid ${owner})`);
    await delay(POLL_MS);
  }
}
