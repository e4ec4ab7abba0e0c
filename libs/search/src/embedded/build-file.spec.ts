import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuildFile, discardBuildFile } from './build-file';

describe('build files', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pds-build-files-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('removes what dead processes left, and what a predecessor with this pid left, and keeps a live process’s', async () => {
    // Far above any pid this machine gives (pid_max is at most 4,194,304).
    const dead = `9999999.0a1b2c3d4e5f.1.ndjson`;
    const predecessor = `${process.pid}.000000000000.1.ndjson`;
    const live = `${process.ppid}.0a1b2c3d4e5f.1.ndjson`;
    for (const name of [dead, predecessor, live]) await writeFile(join(directory, name), '{}\n');

    const file = await createBuildFile(directory);
    const ours = await createBuildFile(directory);
    expect((await readdir(directory)).sort()).toEqual([live, file.path.split('/').pop(), ours.path.split('/').pop()].sort());

    discardBuildFile(file);
    expect(existsSync(file.path)).toBe(false);
    expect(existsSync(ours.path)).toBe(true);
    discardBuildFile(ours);
  });
});
