/**
 * `beginPass(source, passId)` named a pass that is not open: committed, aborted, expired or never
 * begun (or begun for another source). The caller starts a new pass.
 */
export class UnknownPassError extends Error {
  constructor(
    readonly source: string,
    readonly passId: string,
  ) {
    super(`No open pass ${passId} over ${source}: it was committed, aborted or expired, or never begun`);
    this.name = 'UnknownPassError';
  }
}
