import { DocumentChunks } from './document-chunks';

describe('DocumentChunks in id order', () => {
  const lines = ['{"id":"c","name":"Zoë"}\n', '{"id":"a","name":"Ana"}\n', '{"id":"b","name":"Björn 東京"}\n', '{"id":"d"}\n'];
  // Slots 0..3 hold c, a, b, d; id order a, b, c, d is slots 1, 2, 0, 3.
  const order = [1, 2, 0, 3];

  function chunks(): DocumentChunks {
    const chunks = new DocumentChunks();
    lines.forEach((line, i) => (i % 2 === 0 ? chunks.addString(line) : chunks.addBytes(Buffer.from(line))));
    return chunks;
  }

  it('reads each document by its number, and places it in the file by UTF-8 length', () => {
    const documents = chunks().inOrder(order);
    const inOrder = order.map((slot) => lines[slot]);
    expect(documents.size).toBe(4);
    expect(Array.from({ length: 4 }, (_, i) => documents.get(i))).toEqual(inOrder);
    expect(Array.from({ length: 4 }, (_, i) => documents.slice(i).toString('utf8'))).toEqual(inOrder);
    const lengths = inOrder.map((line) => Buffer.byteLength(line));
    expect(Array.from(documents.offsets)).toEqual([0, lengths[0], lengths[0] + lengths[1], lengths[0] + lengths[1] + lengths[2], lengths.reduce((a, b) => a + b)]);
  });

  it.each([
    ['one staging buffer', 1 << 20],
    ['a buffer smaller than two documents', 40],
    ['a buffer smaller than any document', 8],
  ])('writes the documents back to back in id order through %s', (_name, staging) => {
    const documents = chunks().inOrder(order);
    // Each piece is copied before the next is asked for, as a writer writes it: the staging buffer is reused.
    const copies: Buffer[] = [];
    for (const piece of documents.pieces(staging)) copies.push(Buffer.from(piece));
    const written = Buffer.concat(copies);
    expect(written.toString('utf8')).toBe(order.map((slot) => lines[slot]).join(''));
    expect(written.length).toBe(documents.offsets[documents.size]);
  });

  it('gives no pieces for no documents', () => {
    expect([...new DocumentChunks().inOrder([]).pieces()]).toEqual([]);
  });
});
