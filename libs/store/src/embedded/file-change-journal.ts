import { appendFile, open, stat } from 'node:fs/promises';
import { assertSequence } from '../change-journal-args';
import { isMissing, truncateTornTail } from './fs-util';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * A source's change journal: an append-only file with one JSON-encoded `Type/id` per line. The
 * sequence is the file's length in bytes, so reading on from a sequence is one seek, and no
 * counter can disagree with the file after a crash. Not fsynced: a journal entry lost to a power
 * cut costs a consumer one "look at this again", while the data itself was synced by the commit.
 */
export class FileChangeJournal {
  constructor(private readonly path: string) {}

  /** The caller holds the source's lock, so appends never interleave. Returns the new sequence. */
  async append(refs: string[]): Promise<number> {
    await truncateTornTail(this.path);
    if (refs.length > 0) await appendFile(this.path, refs.map((ref) => JSON.stringify(ref) + '\n').join(''));
    return this.sequence();
  }

  async sequence(): Promise<number> {
    try {
      return (await stat(this.path)).size;
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
  }

  /**
   * Distinct refs of the whole lines after `sequence`, until `limit` are found, and the sequence
   * after the last line read. A line still being appended by another process is left for later.
   */
  async since(sequence: number, limit: number): Promise<{ refs: string[]; sequence: number }> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if (!isMissing(error)) throw error;
      assertSequence(sequence, 0);
      return { refs: [], sequence };
    }
    try {
      const { size } = await handle.stat();
      assertSequence(sequence, size);
      const refs = new Set<string>();
      const chunk = Buffer.alloc(CHUNK);
      let pending = Buffer.alloc(0);
      let position = sequence;
      let next = sequence;
      if (sequence > 0) {
        // A sequence this journal gave always follows a newline; anything else is not one of its sequences.
        await handle.read(chunk, 0, 1, sequence - 1);
        if (chunk[0] !== NEWLINE) throw new RangeError(`${sequence} is not a sequence of this journal`);
      }
      while (refs.size < limit) {
        const { bytesRead } = await handle.read(chunk, 0, CHUNK, position);
        if (bytesRead === 0) break;
        const data = Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
        const dataStart = position - pending.length;
        position += bytesRead;
        let start = 0;
        for (let end = data.indexOf(NEWLINE); end >= 0 && refs.size < limit; end = data.indexOf(NEWLINE, start)) {
          refs.add(JSON.parse(data.toString('utf8', start, end)) as string);
          start = end + 1;
          next = dataStart + start;
        }
        pending = Buffer.from(data.subarray(start));
      }
      return { refs: [...refs], sequence: next };
    } finally {
      await handle.close();
    }
  }
}
