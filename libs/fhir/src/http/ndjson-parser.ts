import { FhirFetchError } from '../fhir-fetch.error';
import { formatBytes } from './open-answer';

/** Longest NDJSON line parsed by default: far above any real FHIR resource, far below what hurts. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

const NEWLINE = 0x0a;

/**
 * Parses NDJSON arriving in chunks of bytes, one value per line, as the lines complete; blank
 * lines are skipped. Each chunk is scanned once for newlines (the bytes of an unfinished line are
 * kept, not rescanned), and a line longer than `maxLineBytes` fails `too-large` before it is held
 * whole. A line that is not JSON fails with `not-json` naming its line number: retryable, since a
 * file that broke in transit may download whole next time.
 */
export async function* parseNdjson(
  chunks: AsyncIterable<Uint8Array>,
  url: string,
  maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  const parse = (bytes: Uint8Array): unknown => {
    lineNumber++;
    const line = decoder.decode(bytes);
    if (line.trim() === '') return undefined;
    try {
      return JSON.parse(line);
    } catch {
      throw new FhirFetchError('not-json', url, `line ${lineNumber} of the NDJSON is not valid JSON`, true);
    }
  };
  const tooLong = () =>
    new FhirFetchError('too-large', url, `line ${lineNumber + 1} of the NDJSON is longer than ${formatBytes(maxLineBytes)}`, true);
  for await (const chunk of chunks) {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      if (pendingBytes + newline - start > maxLineBytes) throw tooLong();
      const value = parse(joined(pending, chunk.subarray(start, newline)));
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
      if (value !== undefined) yield value;
    }
    const rest = chunk.subarray(start);
    pendingBytes += rest.byteLength;
    if (pendingBytes > maxLineBytes) throw tooLong();
    if (rest.byteLength > 0) pending.push(rest);
  }
  const last = parse(joined(pending, new Uint8Array(0)));
  if (last !== undefined) yield last;
}

function joined(parts: Uint8Array[], tail: Uint8Array): Uint8Array {
  return parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
}
