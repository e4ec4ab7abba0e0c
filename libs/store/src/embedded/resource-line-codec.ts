/**
 * One line of a type or delta file: `<hash>\t<ref as JSON>\t<resource JSON>`, or a deletion
 * `\t<ref as JSON>\t`. JSON never holds a raw tab, so the first two tabs split it; the hash and
 * ref come out without parsing the resource, which keeps loads and change detection cheap.
 */
export interface ResourceLine {
  ref: string;
  /** Null for a line written before hashes were stored, or for a deletion. */
  hash: string | null;
  /** Empty for a deletion. */
  json: string;
}

export function encodeResourceLine(ref: string, hash: string, json: string): string {
  return `${hash}\t${JSON.stringify(ref)}\t${json}`;
}

export function encodeDeletionLine(ref: string): string {
  return `\t${JSON.stringify(ref)}\t`;
}

export function decodeResourceLine(line: string): ResourceLine {
  // Lines of a store from before hashes were kept are bare resources: loaded, and seen as changed once.
  if (line.startsWith('{')) {
    const { resourceType, id } = JSON.parse(line) as { resourceType: string; id: string };
    return { ref: `${resourceType}/${id}`, hash: null, json: line };
  }
  const first = line.indexOf('\t');
  const second = line.indexOf('\t', first + 1);
  if (first < 0 || second < 0) throw new Error('Malformed resource line');
  return {
    ref: JSON.parse(line.slice(first + 1, second)) as string,
    hash: line.slice(0, first) || null,
    json: line.slice(second + 1),
  };
}
