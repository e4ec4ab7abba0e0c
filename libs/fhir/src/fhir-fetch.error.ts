/** Why fetching a page from a FHIR source failed; `retryable` says whether trying again may help. */
export type FhirFetchFailure =
  | 'unreachable'
  | 'timeout'
  | 'http-status'
  | 'not-json'
  | 'not-bundle'
  | 'refused-link';

export class FhirFetchError extends Error {
  constructor(
    readonly failure: FhirFetchFailure,
    readonly url: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(`${message} (${url})`, options);
    this.name = 'FhirFetchError';
  }
}
