/** What the index holds for one PractitionerRole, and what it was built from. */
export interface RoleEntry {
  /**
   * The role's documents in the index: id → content hash. The hash lets a rebuilt role
   * re-index only the documents that came out different (a role at five sites whose one
   * Location changed writes one document).
   */
  documents: Record<string, string>;
  /** `Type/id` of every resource those documents read (see `RoleBuild.inputs`). */
  inputs: string[];
}

/** A whole ledger of one source written aside; `commit` swaps it in at once, `abort` drops it. */
export interface LedgerReplacement {
  write(entries: ReadonlyMap<string, RoleEntry>): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * The document ledger: per source, each role's entry and the reverse index input → roles,
 * so a changed resource names the roles to rebuild. Sized for a million roles per source,
 * which is why it is not a StateStore value. One writer per source at a time (the caller
 * serializes); writes are idempotent, so replaying one after a crash is harmless.
 * Adapters: an append-only file per source (embedded) and Redis hashes and sets (distributed).
 */
export interface LedgerStore {
  /** The roles' entries, null for a role never recorded (or forgotten). */
  entries(source: string, roleIds: readonly string[]): Promise<(RoleEntry | null)[]>;
  /** Distinct ids of the roles whose entries list any of the inputs. */
  dependents(source: string, inputs: readonly string[]): Promise<string[]>;
  /** Records entries; null forgets the role. The reverse index follows. */
  write(source: string, changes: ReadonlyMap<string, RoleEntry | null>): Promise<void>;
  /** Starts replacing the source's whole ledger (after a full rebuild); nothing changes before `commit`. */
  beginReplace(source: string): Promise<LedgerReplacement>;
  /** Number of roles recorded. */
  size(source: string): Promise<number>;
  close(): Promise<void>;
}
