/** A stored resource as JSON text (every read hands out a fresh object) and its content hash. */
export interface SnapshotEntry {
  /** Null for a resource stored before hashes were kept. */
  hash: string | null;
  json: string;
}

/** Numbers per slot in `where`: chunk, line start, JSON start, line end. */
const STRIDE = 4;
const TAB = 9;
const NEWLINE = 10;
const OPEN_BRACE = 0x7b;

/**
 * One resource type of a loaded source, by id. The lines of the type's file stay as the bytes
 * read, in large Buffers outside the V8 heap, and are decoded when asked for: a million-resource
 * source is gigabytes of JSON, and held as strings it was walked by every full garbage collection
 * of a build reading it. Lines applied one at a time (deltas, upserts) are kept as strings.
 * Iteration follows insertion order, replacing an entry keeps its place, as a Map's does.
 */
export class ResourceTable {
  /** Per id: a slot of `where` (a line in `chunks`), or the entry itself. */
  private readonly byId = new Map<string, number | SnapshotEntry>();
  private readonly chunks: Buffer[] = [];
  private where = new Uint32Array(STRIDE * 1024);
  private slots = 0;

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  set(id: string, entry: SnapshotEntry): void {
    this.byId.set(id, entry);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  /** The content hash of a resource: undefined when absent, null when stored without one. */
  hash(id: string): string | null | undefined {
    const held = this.byId.get(id);
    return held === undefined ? undefined : this.hashOf(held);
  }

  json(id: string): string | undefined {
    const held = this.byId.get(id);
    return held === undefined ? undefined : this.jsonOf(held);
  }

  *jsons(): IterableIterator<string> {
    for (const held of this.byId.values()) yield this.jsonOf(held);
  }

  *hashes(): IterableIterator<[string, string | null]> {
    for (const [id, held] of this.byId) yield [id, this.hashOf(held)];
  }

  /**
   * Takes a chunk of whole resource lines (`chunk[0, end)`, see `resource-line.codec`) as the
   * bytes behind their entries; `decodeId` names the resource of a line from its ref's JSON text
   * (null: not this table's type). Such a line, a bare resource (from before hashes were kept)
   * or a malformed one is handed to `other` as text. A deletion line removes its id.
   */
  addLines(chunk: Buffer, end: number, decodeId: (refJson: string) => string | null, other: (line: string) => void): void {
    const chunkNumber = this.chunks.push(chunk) - 1;
    for (let start = 0; start < end; ) {
      const newline = chunk.indexOf(NEWLINE, start);
      const lineEnd = newline < 0 || newline > end ? end : newline;
      if (lineEnd > start) this.addLine(chunk, chunkNumber, start, lineEnd, decodeId, other);
      start = lineEnd + 1;
    }
  }

  private addLine(chunk: Buffer, chunkNumber: number, start: number, end: number, decodeId: (refJson: string) => string | null, other: (line: string) => void): void {
    const first = chunk[start] === OPEN_BRACE ? -1 : chunk.indexOf(TAB, start);
    const second = first < 0 || first >= end ? -1 : chunk.indexOf(TAB, first + 1);
    const id = second < 0 || second >= end ? null : decodeId(chunk.toString('utf8', first + 1, second));
    if (id === null) {
      other(chunk.toString('utf8', start, end));
      return;
    }
    if (second + 1 === end) {
      this.byId.delete(id);
      return;
    }
    if (STRIDE * (this.slots + 1) > this.where.length) {
      const grown = new Uint32Array(this.where.length * 2);
      grown.set(this.where);
      this.where = grown;
    }
    const at = STRIDE * this.slots;
    this.where[at] = chunkNumber;
    this.where[at + 1] = start;
    this.where[at + 2] = second + 1;
    this.where[at + 3] = end;
    this.byId.set(id, this.slots++);
  }

  private hashOf(held: number | SnapshotEntry): string | null {
    if (typeof held !== 'number') return held.hash;
    const at = STRIDE * held;
    const chunk = this.chunks[this.where[at]];
    const start = this.where[at + 1];
    const tab = chunk.indexOf(TAB, start);
    return tab > start ? chunk.toString('utf8', start, tab) : null;
  }

  private jsonOf(held: number | SnapshotEntry): string {
    if (typeof held !== 'number') return held.json;
    const at = STRIDE * held;
    return this.chunks[this.where[at]].toString('utf8', this.where[at + 2], this.where[at + 3]);
  }
}
