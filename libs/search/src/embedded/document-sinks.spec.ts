import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuildFile } from './build-file';
import { DocumentSpill } from './document-spill';
import type { DocumentSink } from './generation-builder';
import { MemoryDocumentSink } from './memory-documents';

describe('document sinks: documents in arrival order, read back in id order', () => {
  const lines = ['{"id":"c","name":"Zoë"}\n', '{"id":"a","name":"Ana"}\n', '{"id":"b","name":"Björn 東京"}\n', '{"id":"d"}\n'];
  // Slots 0..3 hold c, a, b, d; id order a, b, c, d is slots 1, 2, 0, 3.
  const order = [1, 2, 0, 3];
  const inOrder = order.map((slot) => lines[slot]);
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pds-sink-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  function fill<T extends DocumentSink>(sink: T): T {
    lines.forEach((line, i) => (i % 2 === 0 ? sink.addString(line) : sink.addBytes(Buffer.from(line))));
    return sink;
  }

  it('in memory: reads each document by its number', () => {
    const documents = fill(new MemoryDocumentSink()).inOrder(order);
    expect(documents.size).toBe(4);
    expect(Array.from({ length: 4 }, (_, i) => documents.get(i))).toEqual(inOrder);
    expect(Array.from({ length: 4 }, (_, i) => documents.slice(i).toString('utf8'))).toEqual(inOrder);
  });

  it.each([
    ['one staging buffer', 1 << 20],
    ['a buffer smaller than two documents', 40],
    ['a buffer smaller than any document', 8],
  ])('in the build file through %s: writes them as they arrive, and reads each by its number', async (_name, staging) => {
    const file = await createBuildFile(directory);
    const documents = fill(new DocumentSpill(file, staging)).inOrder(order);
    try {
      expect(documents.size).toBe(4);
      expect(Array.from({ length: 4 }, (_, i) => documents.get(i))).toEqual(inOrder);
      expect(Array.from({ length: 4 }, (_, i) => documents.slice(i).toString('utf8'))).toEqual(inOrder);
      // The file is valid NDJSON in arrival order; each document is at its start, its UTF-8 length long.
      const written = readFileSync(file.path);
      expect(written.toString('utf8')).toBe(lines.join(''));
      expect(Array.from(documents.lengths)).toEqual(inOrder.map((line) => Buffer.byteLength(line)));
      expect(order.map((_, num) => written.toString('utf8', documents.starts[num], documents.starts[num] + documents.lengths[num]))).toEqual(inOrder);
    } finally {
      documents.close();
    }
  });
});
