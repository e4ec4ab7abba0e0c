/** An admin call named a source the registry does not hold. */
export class UnknownSourceError extends Error {
  readonly code = 'SOURCE.UNKNOWN';

  constructor(readonly sourceId: string) {
    super(`no source "${sourceId}"; the sources query lists the known ids`);
    this.name = 'UnknownSourceError';
  }
}
