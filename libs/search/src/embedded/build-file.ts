import { randomBytes } from 'node:crypto';
import { closeSync, openSync, unlinkSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The file a build writes its documents to as they arrive, by descriptor: a build thread writes
 * to it too (descriptors are the process's). A snapshot adopts it by rename when the build commits.
 */
export interface BuildFile {
  path: string;
  fd: number;
}

/** Tells this process's files from a predecessor's that had the same pid (PID 1 in a container). */
const PROCESS_TOKEN = randomBytes(6).toString('hex');
let created = 0;

/**
 * A new build file in `directory`, named `<pid>.<process token>.<n>.ndjson`. Files a dead process
 * left (a build killed before its commit or abort) are removed first; a live process's are kept.
 */
export async function createBuildFile(directory: string): Promise<BuildFile> {
  await mkdir(directory, { recursive: true });
  for (const name of await readdir(directory)) {
    const [pid, token] = name.split('.');
    const owner = Number(pid);
    if (!isProcessAlive(owner) || (owner === process.pid && token !== PROCESS_TOKEN)) await rm(join(directory, name), { force: true });
  }
  const path = join(directory, `${process.pid}.${PROCESS_TOKEN}.${++created}.ndjson`);
  return { path, fd: openSync(path, 'wx+') };
}

/** Closes and removes a build file no snapshot will adopt (the build failed or was aborted). */
export function discardBuildFile(file: BuildFile): void {
  closeSync(file.fd);
  removeQuietly(file.path);
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: a failed snapshot write removed its directory, or a sweep a dead build's files.
  }
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
