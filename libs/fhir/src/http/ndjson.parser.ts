import { FhirFetchError } from '../fhir-fetch.error';

/**
 * Parses NDJSON arriving in chunks of bytes, one value per line, as the lines complete; blank
 * lines are skipped. A line that is not JSON fails with `not-json` naming its line number:
 * retryable, since a file that broke in transit may download whole next time.
 */
export async function* parseNdjson(chunks: AsyncIterable<Uint8Array>, url: string): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let pending = '';
  let lineNumber = 0;
  const parse = (line: string): unknown => {
    lineNumber++;
    try {
      return JSON.parse(line);
    } catch {
      throw new FhirFetchError('not-json', url, `line ${lineNumber} of the NDJSON is not valid JSON`, true);
    }
  };
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') lineNumber++;
      else yield parse(line);
    }
  }
  pending += decoder.decode();
  if (pending.trim() !== '') yield parse(pending);
}
