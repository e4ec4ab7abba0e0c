/** Thrown for a source that is not an http(s) FHIR base URL; the message says what is accepted. */
export class InvalidSourceError extends Error {
  constructor(source: string, reason: string) {
    super(`Invalid source "${source}": ${reason}. Expected a FHIR base URL such as https://payer.example/fhir`);
    this.name = 'InvalidSourceError';
  }
}

/** The canonical key of a source: its base URL without query, fragment or trailing slash. */
export function normalizeSourceUrl(source: string): string {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new InvalidSourceError(source, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidSourceError(source, `protocol ${url.protocol} is not http or https`);
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}
