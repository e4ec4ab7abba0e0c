import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type StateStore, assertStateKey } from '../state-store.port';
import { isMissing } from './fs-util';

const SUFFIX = '.json';
// Source settings hold payers' API keys: only the service's own user may read them.
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/**
 * One JSON file per key under a root directory; writes go to a temp file renamed into place.
 * Files are written 0600 and directories made 0700.
 */
export class FileStateStore implements StateStore {
  constructor(private readonly root: string) {}

  async get<T>(key: string): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.file(key), 'utf8')) as T;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async set<T>(key: string, value: T): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true, mode: DIR_MODE });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(value), { mode: FILE_MODE });
    await rename(temp, file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix.replace(/\/+$/, '');
    if (base) assertStateKey(base);
    const keys: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${keyPrefix}${entry.name}/`);
        else if (entry.name.endsWith(SUFFIX)) keys.push(`${keyPrefix}${entry.name.slice(0, -SUFFIX.length)}`);
      }
    };
    await walk(base ? path.join(this.root, base) : this.root, base ? `${base}/` : '');
    return keys.sort();
  }

  async close(): Promise<void> {}

  private file(key: string): string {
    assertStateKey(key);
    return path.join(this.root, `${key}${SUFFIX}`);
  }
}
