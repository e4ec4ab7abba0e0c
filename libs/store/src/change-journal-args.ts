/** The `limit` of `changesSince`, checked alike by every adapter. */
export function assertJournalLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Invalid journal limit ${limit}`);
}

/** A sequence the journal never handed out (negative, fractional, past its end) is the caller's bug. */
export function assertSequence(sequence: number, last: number): void {
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence > last) {
    throw new RangeError(`${sequence} is not a sequence of this journal (it ends at ${last})`);
  }
}
