import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';

/**
 * Answers of a hostile or broken payer, each one a way to exhaust a harvester: use them as the
 * handlers of `startTestHttpServer`. Every one writes lazily under backpressure, so a client that
 * stops reading stops the server too and a test never builds the gigabytes it threatens.
 */

const SPACES = Buffer.alloc(64 * 1024, 0x20);

/** Writes `total` bytes from `piece` (repeated) into `out` as fast as it drains, then ends it. */
function pump(out: NodeJS.WritableStream & { destroyed?: boolean }, piece: Buffer, total: number): void {
  let left = total;
  const write = (): void => {
    while (left > 0 && !out.destroyed) {
      const part = left >= piece.length ? piece : piece.subarray(0, left);
      left -= part.length;
      if (!out.write(part)) {
        out.once('drain', write);
        return;
      }
    }
    if (left <= 0) out.end();
  };
  write();
}

/** A gzip-encoded answer inflating to `inflatedBytes` of whitespace: about a thousandth of that on the wire. */
export function gzipBomb(res: ServerResponse, inflatedBytes: number, contentType = 'application/fhir+json'): void {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Encoding': 'gzip' });
  const gzip = createGzip({ level: 9 });
  gzip.pipe(res);
  res.on('close', () => gzip.destroy());
  pump(gzip, SPACES, inflatedBytes);
}

/** An NDJSON answer whose first line is `lineBytes` long (a JSON string of `x`s), sent without end in sight. */
export function longLineNdjson(res: ServerResponse, lineBytes: number): void {
  res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson' });
  res.write('"');
  pump(res, Buffer.alloc(64 * 1024, 0x78), lineBytes - 1);
}

/** An answer that never ends: `chunk` again every `gapMs`, well inside any idle timeout, until the client leaves. */
export function endlessStream(res: ServerResponse, chunk: string, gapMs: number, contentType = 'application/fhir+ndjson'): void {
  res.writeHead(200, { 'Content-Type': contentType });
  const timer = setInterval(() => res.write(chunk), gapMs);
  res.on('close', () => clearInterval(timer));
}

/** A searchset page of `type` with one new resource and a `next` link to a page that was never seen before, forever. */
export function endlessNextPage(res: ServerResponse, origin: string, type: string, page: number, total?: number): void {
  const id = `${type.toLowerCase()}-${page}`;
  res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(
    JSON.stringify({
      resourceType: 'Bundle',
      type: 'searchset',
      ...(total === undefined ? {} : { total }),
      link: [{ relation: 'next', url: `${origin}/fhir/${type}?_count=1&page=${page + 1}` }],
      entry: [{ fullUrl: `${origin}/fhir/${type}/${id}`, resource: { resourceType: type, id } }],
    }),
  );
}

/** A bulk export still in progress, asking to be polled again in a year. */
export function exportInProgressForAYear(res: ServerResponse): void {
  res.writeHead(202, { 'Retry-After': String(365 * 24 * 3600), 'X-Progress': 'queued' }).end();
}
