import { parentPort, workerData } from 'node:worker_threads';
import type { BuildFile } from './build-file';
import { DocumentIndexer } from './document-indexer';
import { packGeneration } from './generation-transfer';
import type { BuildThreadReply, BuildThreadRequest } from './build-thread';

const port = parentPort!;
const indexer = new DocumentIndexer((workerData as { file: BuildFile }).file);
/** After a failure the indexer's state is unknown: every later request is refused with it. */
let failure: BuildThreadReply | null = null;

port.on('message', (request: BuildThreadRequest) => {
  if (failure) {
    port.postMessage(failure);
    return;
  }
  try {
    if (request.type === 'add') {
      indexer.addLines(request.lines);
      port.postMessage({ type: 'added' } satisfies BuildThreadReply);
      return;
    }
    const { packed, transfer } = packGeneration(indexer.finish(request.updatedAt));
    port.postMessage({ type: 'finished', generation: packed } satisfies BuildThreadReply, transfer);
  } catch (error) {
    // Sent as a reply, not thrown: an error's `code` (ENOSPC, say) is what the caller reports.
    failure = { type: 'failed', message: (error as Error).message, code: (error as NodeJS.ErrnoException).code ?? null };
    port.postMessage(failure);
  }
});
