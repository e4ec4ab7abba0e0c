import { parentPort } from 'node:worker_threads';
import type { ProviderDocument } from '../provider-document';
import { DocumentIndexer } from './document-indexer';
import { packGeneration } from './generation-transfer';
import type { BuildThreadReply, BuildThreadRequest } from './build-thread';

const NEWLINE = 10;
const port = parentPort!;
const indexer = new DocumentIndexer();

/** Indexes one batch of JSON lines, each kept as the bytes it came in. */
function indexLines(lines: Uint8Array): void {
  const bytes = Buffer.from(lines.buffer, lines.byteOffset, lines.byteLength);
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(NEWLINE, start) + 1;
    indexer.add(JSON.parse(bytes.toString('utf8', start, end)) as ProviderDocument, bytes.subarray(start, end));
    start = end;
  }
}

port.on('message', (request: BuildThreadRequest) => {
  if (request.type === 'add') {
    indexLines(request.lines);
    port.postMessage({ type: 'added' } satisfies BuildThreadReply);
    return;
  }
  const { packed, transfer } = packGeneration(indexer.finish(request.updatedAt));
  port.postMessage({ type: 'finished', generation: packed } satisfies BuildThreadReply, transfer);
});
