import type { TypeFile } from './type-file';

/** A stored resource as JSON text (every read hands out a fresh object) and its content hash. */
export interface SnapshotEntry {
  /** Null for a resource stored before hashes were kept. */
  hash: string | null;
  json: string;
}

/** Numbers per slot in `where`: file positions of the line's start, its JSON's start, its end. */
const STRIDE = 3;

/**
 * One resource type of a loaded source, by id. The lines of the type's file stay in the file,
 * the table keeps where each is, and they are read and decoded when asked for: a million-resource
 * source is gigabytes of JSON, and held in memory (as strings walked by every full garbage
 * collection, later as Buffers) it was most of a build's resident set, each fresh GB costing
 * seconds to touch. Lines applied one at a time (deltas, upserts) are kept as strings.
 * Iteration follows insertion order, replacing an entry keeps its place, as a Map's does.
 */
export class ResourceTable {
  /** Per id: a slot of `where` (a line of `file`), or the entry itself. */
  private readonly byId = new Map<string, number | SnapshotEntry>();
  private file: TypeFile | null = null;
  /** Float64: positions of files past 4 GB. */
  private where = new Float64Array(STRIDE * 1024);
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
    return held === undefined ? undefined : this.hashOf(held, this.reader());
  }

  json(id: string): string | undefined {
    const held = this.byId.get(id);
    return held === undefined ? undefined : this.jsonOf(held, this.reader());
  }

  *jsons(): IterableIterator<string> {
    const read = this.reader(true);
    for (const held of this.byId.values()) yield this.jsonOf(held, read);
  }

  *hashes(): IterableIterator<[string, string | null]> {
    const read = this.reader(true);
    for (const [id, held] of this.byId) yield [id, this.hashOf(held, read)];
  }

  /** Takes `file` as where the lines given to `addLine` are; a table reads one file. */
  useFile(file: TypeFile): void {
    if (this.file) throw new Error(`The table already reads ${this.file.path}`);
    this.file = file;
  }

  /**
   * Takes a line of the table's file (a `LineVisitor`'s arguments, see `resource-line.codec`) as
   * an entry read from the file when asked for; `decodeId` names its resource from its ref's JSON
   * text (null: not this table's type). Such a line, a bare resource (from before hashes were
   * kept) or a malformed one is handed to `other` as text. A deletion line removes its id.
   */
  addLine(
    start: number,
    firstTab: number,
    secondTab: number,
    end: number,
    text: (from: number, to: number) => string,
    decodeId: (refJson: string) => string | null,
    other: (line: string) => void,
  ): void {
    const id = secondTab < 0 ? null : decodeId(text(firstTab + 1, secondTab));
    if (id === null) {
      other(text(start, end));
      return;
    }
    if (secondTab + 1 === end) {
      this.byId.delete(id);
      return;
    }
    if (STRIDE * (this.slots + 1) > this.where.length) {
      const grown = new Float64Array(this.where.length * 2);
      grown.set(this.where);
      this.where = grown;
    }
    const at = STRIDE * this.slots;
    this.where[at] = start;
    this.where[at + 1] = secondTab + 1;
    this.where[at + 2] = end;
    this.byId.set(id, this.slots++);
  }

  /** Closes the table's file: reading a line of it throws from now on. */
  close(): void {
    this.file?.close();
  }

  /** Reads bytes of the file as text; `sequential` for a pass over many lines in file order. */
  private reader(sequential = false): (start: number, end: number) => string {
    // Slots exist only once a file is used, and only slots are read.
    const file = this.file!;
    return sequential && this.slots > 0 ? file.sequential() : (start, end) => file.text(start, end);
  }

  private hashOf(held: number | SnapshotEntry, read: (start: number, end: number) => string): string | null {
    if (typeof held !== 'number') return held.hash;
    const at = STRIDE * held;
    const head = read(this.where[at], this.where[at + 1]);
    const tab = head.indexOf('\t');
    return tab > 0 ? head.slice(0, tab) : null;
  }

  private jsonOf(held: number | SnapshotEntry, read: (start: number, end: number) => string): string {
    if (typeof held !== 'number') return held.json;
    const at = STRIDE * held;
    return read(this.where[at + 1], this.where[at + 2]);
  }
}
