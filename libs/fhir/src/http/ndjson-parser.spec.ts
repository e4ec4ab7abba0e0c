import { FhirFetchError } from '../fhir-fetch.error';
import { parseNdjson } from './ndjson-parser';

async function* inChunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect(lines: AsyncIterable<unknown>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of lines) values.push(value);
  return values;
}

describe('parseNdjson', () => {
  it('scans each chunk once: an 8 MB line in 1 KB chunks parses in linear time', async () => {
    const long = { resourceType: 'Location', id: 'l1', name: 'x'.repeat(8 * 1024 * 1024) };
    const started = performance.now();

    const values = await collect(parseNdjson(inChunks(`${JSON.stringify(long)}\n{"id":"l2"}`, 1024), 'http://x/f'));

    expect(values).toEqual([long, { id: 'l2' }]);
    // Rescanning the growing line on every chunk took minutes here.
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('splits multi-byte characters cut between chunks correctly', async () => {
    const values = await collect(parseNdjson(inChunks('{"name":"Clínica Zoë"}\n{"name":"Ñandú"}\n', 3), 'http://x/f'));

    expect(values).toEqual([{ name: 'Clínica Zoë' }, { name: 'Ñandú' }]);
  });

  it('fails too-large on a line past the cap, naming the line, even when no newline ever comes', async () => {
    const text = `{"id":"a"}\n\n"${'y'.repeat(5000)}`;

    const error = await collect(parseNdjson(inChunks(text, 700), 'http://x/f', 4096)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(FhirFetchError);
    expect(error).toMatchObject({ failure: 'too-large', reason: 'line 3 of the NDJSON is longer than 4 KB' });
  });

  it('takes a line of exactly the cap', async () => {
    const line = `"${'z'.repeat(4094)}"`;

    await expect(collect(parseNdjson(inChunks(`${line}\n`, 1000), 'http://x/f', 4096))).resolves.toEqual(['z'.repeat(4094)]);
  });
});
