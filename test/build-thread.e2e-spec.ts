import { closeSync, openSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ProviderDocument } from '@pds/search';
import { providerDocument, practiceLocation } from '@pds/search/testing';
import { type BuildFile, createBuildFile } from '../libs/search/src/embedded/build-file';
import { BuildThread } from '../libs/search/src/embedded/build-thread';
import { DocumentFile } from '../libs/search/src/embedded/document-file';
import { DocumentIndexer } from '../libs/search/src/embedded/document-indexer';
import type { GenerationParts } from '../libs/search/src/embedded/generation-parts';
import { sectionsOf } from '../libs/search/src/embedded/snapshot-codec';

// The worker script as `npm run build` compiles it (the e2e global setup builds).
const SCRIPT = resolve(__dirname, '../dist/libs/search/src/embedded/build-thread.worker.js');

function documents(): ProviderDocument[] {
  const cities = ['Philadelphia', 'Zürich', '東京', 'Hartford'];
  return Array.from({ length: 60 }, (_, i) =>
    providerDocument({
      id: `doc-${String((i * 37) % 60).padStart(3, '0')}`,
      name: `Provider ${i} ${cities[i % 4]}`,
      languages: i % 3 === 0 ? ['en', 'es'] : ['en'],
      location: practiceLocation({ id: `loc-${i % 7}`, position: i % 5 === 0 ? null : { latitude: 40 + i / 100, longitude: -75 - i / 100 } }),
    }),
  );
}

function inThread(file: BuildFile, batches: ProviderDocument[][], updatedAt: Date): GenerationParts {
  const indexer = new DocumentIndexer(file);
  for (const batch of batches) indexer.addDocuments(batch);
  return indexer.finish(updatedAt);
}

const sectionBytes = (parts: GenerationParts): Record<string, number[]> =>
  Object.fromEntries([...sectionsOf(parts)].map(([name, array]) => [name, [...new Uint8Array(array.buffer, array.byteOffset, array.byteLength)]]));

describe('the index build thread (built worker script)', () => {
  let directory: string;
  const opened: GenerationParts[] = [];

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pds-build-thread-'));
  });

  afterEach(async () => {
    for (const parts of opened.splice(0)) (parts.documents as DocumentFile).close();
    await rm(directory, { recursive: true, force: true });
  });

  it('builds the very generation the caller’s thread builds, documents and every index array alike', async () => {
    const all = documents();
    // More batches than it takes ahead, and a document added twice: the last one wins.
    const renamed = { ...all[3], name: 'Renamed Again' };
    const batches = [all.slice(0, 10), all.slice(10, 20), all.slice(20, 30), all.slice(30, 40), all.slice(40, 50), all.slice(50), [renamed]];
    const updatedAt = new Date('2026-12-04T12:00:00Z');
    const threadFile = await createBuildFile(directory);
    const thread = BuildThread.start(threadFile, SCRIPT)!;
    expect(thread).not.toBeNull();
    // Documents or their JSON lines (a catch-up sends the kept documents' lines as they are).
    for (const [i, batch] of batches.entries()) {
      if (i % 2 === 0) await thread.addDocuments(batch);
      else await thread.addLines(Buffer.from(batch.map((document) => `${JSON.stringify(document)}\n`).join('')));
    }
    const threaded = await thread.finish(updatedAt);
    const local = inThread(await createBuildFile(directory), batches, updatedAt);
    opened.push(threaded, local);

    expect(threaded.ids.size).toBe(60);
    expect(threaded.updatedAt).toEqual(updatedAt);
    expect(Array.from({ length: 60 }, (_, i) => threaded.documents.get(i))).toEqual(Array.from({ length: 60 }, (_, i) => local.documents.get(i)));
    const renamedAt = Array.from({ length: 60 }, (_, i) => threaded.ids.get(i)).indexOf(all[3].id);
    expect((JSON.parse(threaded.documents.get(renamedAt)) as ProviderDocument).name).toBe('Renamed Again');
    expect(sectionBytes(threaded)).toEqual(sectionBytes(local));
    // The documents went to the build file the caller gave, which the generation now reads.
    expect(threaded.documents).toBeInstanceOf(DocumentFile);
    expect((await readdir(directory)).length).toBe(2);
  });

  it('reports a failed write inside the thread with its code, as the caller reports a full disk', async () => {
    const path = join(directory, 'read-only.ndjson');
    writeFileSync(path, '');
    const fd = openSync(path, 'r');
    try {
      const thread = BuildThread.start({ path, fd }, SCRIPT)!;
      await thread.addDocuments(documents());
      await expect(thread.finish(new Date())).rejects.toMatchObject({ code: 'EBADF' });
    } finally {
      closeSync(fd);
    }
  });

  it('reports a failure inside the thread on the next call, and takes no more documents', async () => {
    const thread = BuildThread.start(await createBuildFile(directory), SCRIPT)!;
    // No location: indexing it throws inside the thread.
    const broken = { ...providerDocument(), location: undefined } as unknown as ProviderDocument;
    await thread.addDocuments([broken]);
    await expect(thread.finish(new Date())).rejects.toThrow(/location|position/);
    await expect(thread.addDocuments([providerDocument()])).rejects.toThrow();
  });

  it('is not started where the worker script is not built', async () => {
    expect(BuildThread.start(await createBuildFile(directory), resolve(__dirname, 'no-such-worker.js'))).toBeNull();
  });
});
