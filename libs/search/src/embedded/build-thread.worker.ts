import { parentPort } from 'node:worker_threads';
import { DocumentIndexer } from './document-indexer';
import { packGeneration } from './generation-transfer';
import type { BuildThreadReply, BuildThreadRequest } from './build-thread';

const port = parentPort!;
const indexer = new DocumentIndexer();

port.on('message', (request: BuildThreadRequest) => {
  if (request.type === 'add') {
    indexer.addLines(request.lines);
    port.postMessage({ type: 'added' } satisfies BuildThreadReply);
    return;
  }
  const { packed, transfer } = packGeneration(indexer.finish(request.updatedAt));
  port.postMessage({ type: 'finished', generation: packed } satisfies BuildThreadReply, transfer);
});
