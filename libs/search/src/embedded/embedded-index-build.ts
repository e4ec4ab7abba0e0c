import type { ProviderDocument } from '../provider-document';
import type { IndexBuild } from '../search-index.port';
import { SearchError } from '../search.error';
import type { Synonyms } from '../synonyms/synonyms';
import { type BuildFile, discardBuildFile } from './build-file';
import { type Indexer, startIndexer, stopIndexer } from './build-thread';
import type { GenerationParts } from './generation-parts';
import { IndexGeneration } from './index-generation';

/**
 * A rebuild of the embedded index: documents are indexed into compact records as they
 * arrive and written to the build file (the last one added for an id wins; typed arrays live
 * outside the JS heap and the JSON on disk, so a million documents fit); `commit` orders them by
 * id, assembles the generation and hands it over, and its snapshot adopts the file. The indexing
 * runs on a build thread where the service is built (see BuildThread), in the caller's thread
 * when run from source.
 */
export class EmbeddedIndexBuild implements IndexBuild {
  private indexer: Indexer | null;
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(
    private readonly file: BuildFile,
    private readonly synonyms: Synonyms,
    private readonly publish: (generation: IndexGeneration) => Promise<void>,
  ) {
    this.indexer = startIndexer(file);
  }

  async add(documents: ProviderDocument[]): Promise<void> {
    this.assertOpen('add to');
    try {
      await this.indexer!.addDocuments(documents);
    } catch (error) {
      throw asWriteFailure(error);
    }
  }

  async commit(): Promise<void> {
    this.assertOpen('commit');
    this.state = 'committed';
    const updatedAt = new Date();
    let parts: GenerationParts;
    try {
      parts = await this.indexer!.finish(updatedAt);
    } catch (error) {
      await this.drop();
      discardBuildFile(this.file);
      throw asWriteFailure(error);
    }
    // What built the parts is let go before the snapshot is written: a million documents' dictionaries and runs.
    await this.drop();
    await this.publish(new IndexGeneration(parts, this.synonyms));
  }

  /** Drops the rebuild and its build file; harmless after commit or a previous abort. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    await this.drop();
    discardBuildFile(this.file);
  }

  private async drop(): Promise<void> {
    const indexer = this.indexer;
    this.indexer = null;
    await stopIndexer(indexer);
  }

  private assertOpen(action: string): void {
    if (this.state !== 'open') throw new SearchError('SEARCH.FAILED', `Cannot ${action} a rebuild that was already ${this.state}.`);
  }
}

/**
 * A failed write of the index's files as operators act on it: its code (ENOSPC, EACCES…) reaches
 * the log and the job's error.
 */
export function snapshotWriteError(error: unknown): SearchError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return new SearchError('SEARCH.FAILED', `Cannot write the search index snapshot${code ? ` (${code})` : ''}.`, { cause: error });
}

/** A system call's error (ENOSPC, EIO…) as a failed write; any other (a document that cannot be indexed) as it is. */
export function asWriteFailure(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? snapshotWriteError(error) : error;
}
