import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { withPidFileLock } from './pid-file-lock';

describe('withPidFileLock', () => {
  let dir: string;
  let lock: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pds-lock-'));
    lock = path.join(dir, 'writer.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['with a token', () => `${process.pid} 0123456789abcdef01234567`],
    ['as written before tokens', () => String(process.pid)],
  ])("breaks a lock naming this process's own pid %s that it never took: a crashed PID 1's", async (_form, content) => {
    await writeFile(lock, content());

    await expect(withPidFileLock(lock, async () => 'ran', 500)).resolves.toBe('ran');
  });

  it('keeps its own live lock: two holders in one process take turns', async () => {
    const order: string[] = [];
    let release!: () => void;
    const first = withPidFileLock(lock, async () => {
      order.push('first in');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first out');
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = withPidFileLock(lock, async () => void order.push('second'), 2_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([first, second]);

    expect(order).toEqual(['first in', 'first out', 'second']);
  });

  it('does not delete a lock another process took over while the work ran', async () => {
    const other = `${process.ppid} feedfacefeedfacefeedface`;

    await withPidFileLock(lock, async () => {
      await rm(lock);
      await writeFile(lock, other);
    });

    expect(await readFile(lock, 'utf8')).toBe(other);
  });

  it('waits for a live other process, then times out naming it', async () => {
    await writeFile(lock, `${process.ppid} feedfacefeedfacefeedface`);

    await expect(withPidFileLock(lock, async () => 'ran', 100)).rejects.toThrow(`held by pid ${process.ppid}`);
  });
});
