import type { RoleEntry } from './ledger-store.port';

/**
 * A source's ledger in memory, compact enough for a million roles (see FileLedgerStore for the
 * measurements). Inputs are interned to small integers and kept per role in a plain
 * array of them; a role's documents are one `id hash id hash` string. There is no reverse
 * index: `dependents` scans every role's input numbers against a bitmap of the asked inputs,
 * which costs milliseconds and saves a Set per input (over half the memory of a naive table).
 */
export class LedgerTable {
  private readonly slotOf = new Map<string, number>();
  private readonly roleIds: (string | null)[] = [];
  private readonly documents: string[] = [];
  private readonly inputs: number[][] = [];
  private readonly freeSlots: number[] = [];
  private readonly inputNumber = new Map<string, number>();
  private readonly inputNames: string[] = [];

  get size(): number {
    return this.slotOf.size;
  }

  get(roleId: string): RoleEntry | null {
    const slot = this.slotOf.get(roleId);
    if (slot === undefined) return null;
    const parts = this.documents[slot] === '' ? [] : this.documents[slot].split(' ');
    const documents: Record<string, string> = {};
    for (let index = 0; index < parts.length; index += 2) documents[parts[index]] = parts[index + 1];
    return { documents, inputs: this.inputs[slot].map((number) => this.inputNames[number]) };
  }

  /** Records an entry, or forgets the role when null. */
  set(roleId: string, entry: RoleEntry | null): void {
    if (entry) this.record(roleId, Object.entries(entry.documents).flat(), entry.inputs);
    else this.forget(roleId);
  }

  /** Records an entry given as the log stores it: documents as `[id, hash, id, hash…]`. */
  record(roleId: string, documentPairs: readonly string[], inputs: readonly string[]): void {
    let slot = this.slotOf.get(roleId);
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.roleIds.length;
      this.slotOf.set(roleId, slot);
      this.roleIds[slot] = roleId;
    }
    this.documents[slot] = documentPairs.join(' ');
    this.inputs[slot] = inputs.map((input) => this.intern(input));
  }

  forget(roleId: string): void {
    const slot = this.slotOf.get(roleId);
    if (slot === undefined) return;
    this.slotOf.delete(roleId);
    this.roleIds[slot] = null;
    this.documents[slot] = '';
    this.inputs[slot] = [];
    this.freeSlots.push(slot);
  }

  /** Ids of the roles whose inputs include any of `inputs`. */
  dependents(inputs: readonly string[]): string[] {
    const wanted = new Uint8Array(this.inputNames.length);
    let any = false;
    for (const input of inputs) {
      const number = this.inputNumber.get(input);
      if (number === undefined) continue;
      wanted[number] = 1;
      any = true;
    }
    if (!any) return [];
    const roles: string[] = [];
    for (let slot = 0; slot < this.inputs.length; slot++) {
      if (this.inputs[slot].some((number) => wanted[number] === 1)) roles.push(this.roleIds[slot] as string);
    }
    return roles;
  }

  /** Every live entry. */
  *entries(): IterableIterator<[string, RoleEntry]> {
    for (const roleId of this.slotOf.keys()) yield [roleId, this.get(roleId) as RoleEntry];
  }

  /** Inputs are never un-interned: their number of distinct values is bounded by the source's resources. */
  private intern(input: string): number {
    let number = this.inputNumber.get(input);
    if (number === undefined) {
      number = this.inputNames.length;
      this.inputNumber.set(input, number);
      this.inputNames.push(input);
    }
    return number;
  }
}
