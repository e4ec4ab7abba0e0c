import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TAIL_CHUNK = 64 * 1024;

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** The file opened with `flags`, or null when it does not exist. */
export async function openIfExists(path: string, flags: string): Promise<FileHandle | null> {
  try {
    return await open(path, flags);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Readers in other processes see the old content or the new, never a half-written file. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/**
 * Cuts a line-oriented file back to its last newline. An append killed midway (SIGKILL) leaves a
 * partial line, which the next append would glue onto a whole one. Missing files are left missing.
 */
export async function truncateTornTail(path: string): Promise<void> {
  const handle = await openIfExists(path, 'r+');
  if (!handle) return;
  try {
    const { size } = await handle.stat();
    let end = size;
    const buffer = Buffer.alloc(TAIL_CHUNK);
    while (end > 0) {
      const start = Math.max(0, end - TAIL_CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, end - start, start);
      const newline = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        end = start + newline + 1;
        break;
      }
      end = start;
    }
    if (end < size) await handle.truncate(end);
  } finally {
    await handle.close();
  }
}

/** When anything in a directory (not below it) was last written: appends touch only the file. */
export async function lastModifiedMs(dir: string): Promise<number> {
  let newest = (await stat(dir)).mtimeMs;
  for (const name of await readdir(dir)) {
    try {
      newest = Math.max(newest, (await stat(join(dir, name))).mtimeMs);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return newest;
}
