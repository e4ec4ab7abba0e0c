import { ParsedDocuments } from './parsed-documents';

function documents(capacity: number) {
  const reads: number[] = [];
  const parsed = new ParsedDocuments((num) => {
    reads.push(num);
    return JSON.stringify({ id: `doc-${num}`, networks: [{ id: 'n', payerIds: ['p'] }] });
  }, capacity);
  return { parsed, reads };
}

describe('ParsedDocuments', () => {
  it('parses a document once while it stays among the most recent', () => {
    const { parsed, reads } = documents(2);

    const first = parsed.get(1);
    const again = parsed.get(1);

    expect(again).toBe(first);
    expect(first.id).toBe('doc-1');
    expect(reads).toEqual([1]);
  });

  it('drops the least recently returned document beyond its capacity', () => {
    const { parsed, reads } = documents(2);
    parsed.get(1);
    parsed.get(2);
    parsed.get(1); // 2 is now the least recent

    parsed.get(3);
    parsed.get(1);
    parsed.get(2);

    expect(reads).toEqual([1, 2, 3, 2]);
  });

  it('hands out frozen documents, nested lists and objects included, so no caller changes the next answer', () => {
    const { parsed } = documents(2);

    const document = parsed.get(1);

    expect(() => {
      (document as { id: string }).id = 'changed';
    }).toThrow(TypeError);
    expect(() => (document.networks as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (document.networks[0].payerIds as string[])[0] = 'x';
    }).toThrow(TypeError);
    expect(parsed.get(1)).toEqual({ id: 'doc-1', networks: [{ id: 'n', payerIds: ['p'] }] });
  });
});
