import { open } from 'node:fs/promises';
import type { DirectoryCatalog } from '../directory-catalog';
import { FACET_FIELDS, type FacetField } from '../search-query';
import type { FacetColumn, GenerationParts } from './generation-parts';
import { DocumentFile } from './document-file';
import { Postings } from './postings';
import { EMPTY_PREFIX_TOPS } from './prefix-table';
import { StringTable } from './string-table';

export type Section = Uint8Array | Uint32Array | Float32Array | Float64Array;
const TYPES = { u8: Uint8Array, u32: Uint32Array, f32: Float32Array, f64: Float64Array } as const;
type TypeName = keyof typeof TYPES;

interface Header {
  sections: { name: string; type: TypeName; length: number }[];
}

const ALIGN = 8;
const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;
const typeOf = (section: Section): TypeName =>
  section instanceof Float64Array ? 'f64' : section instanceof Float32Array ? 'f32' : section instanceof Uint32Array ? 'u32' : 'u8';

/**
 * The typed arrays of a generation by name, except the document bytes (a file of their own). Only
 * a generation whose documents are in a file has them: one built in memory is never written.
 */
export function sectionsOf(parts: GenerationParts): Map<string, Section> {
  if (!(parts.documents instanceof DocumentFile)) throw new Error('Only a generation whose documents are in a file is written or handed over.');
  const sections = new Map<string, Section>();
  const table = (name: string, value: StringTable): void => {
    sections.set(`${name}.bytes`, value.bytes);
    sections.set(`${name}.offsets`, value.offsets);
  };
  table('ids', parts.ids);
  sections.set('documents.starts', parts.documents.starts);
  sections.set('documents.lengths', parts.documents.lengths);
  sections.set('latitudes', parts.latitudes);
  sections.set('longitudes', parts.longitudes);
  sections.set('geoTree', parts.geoTree ?? new Uint8Array(0));
  sections.set('geoItems', parts.geoItems);
  sections.set('providerKeys', parts.providerKeys);
  table('filterKeys', parts.filterKeys);
  sections.set('filterPostings.offsets', parts.filterPostings.offsets);
  sections.set('filterPostings.docs', parts.filterPostings.docs);
  for (const field of FACET_FIELDS) {
    table(`facets.${field}.names`, parts.facets[field].names);
    sections.set(`facets.${field}.offsets`, parts.facets[field].offsets);
    sections.set(`facets.${field}.values`, parts.facets[field].values);
  }
  table('terms', parts.terms);
  sections.set('textPostings.offsets', parts.textPostings.offsets);
  sections.set('textPostings.docs', parts.textPostings.docs);
  sections.set('textPostings.weights', parts.textPostings.weights ?? new Uint8Array(0));
  table('prefixTops.keys', parts.prefixTops.keys);
  sections.set('prefixTops.counts', parts.prefixTops.counts);
  sections.set('prefixTops.offsets', parts.prefixTops.offsets);
  sections.set('prefixTops.docs', parts.prefixTops.docs);
  sections.set('prefixTops.scores', parts.prefixTops.scores);
  if (parts.catalog) sections.set('catalog.json', Buffer.from(JSON.stringify(parts.catalog)));
  return sections;
}

/**
 * Writes a generation as two files: the documents' JSON lines (the build's file, adopted as it is:
 * valid NDJSON, read back a line at a time when a document is returned) and every typed array
 * back to back after a JSON header, 8-byte aligned, so loading maps each array onto the file's
 * buffer without copying or parsing.
 */
export async function writeParts(documentsPath: string, indexPath: string, parts: GenerationParts): Promise<void> {
  const sections = sectionsOf(parts);
  await (parts.documents as DocumentFile).adoptInto(documentsPath);
  await writeIndexFile(indexPath, sections);
}

/** The typed arrays after their JSON header (names, types, lengths), each 8-byte aligned. */
export async function writeIndexFile(indexPath: string, sections: ReadonlyMap<string, Section>): Promise<void> {
  const header: Header = { sections: [...sections].map(([name, s]) => ({ name, type: typeOf(s), length: s.length })) };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const start = align(4 + headerBytes.length);
  const prefix = Buffer.alloc(start);
  prefix.writeUInt32LE(headerBytes.length, 0);
  headerBytes.copy(prefix, 4);
  const chunks: Uint8Array[] = [prefix];
  for (const section of sections.values()) {
    const bytes = new Uint8Array(section.buffer, section.byteOffset, section.byteLength);
    chunks.push(bytes, new Uint8Array(align(bytes.length) - bytes.length));
  }
  await writeChunks(indexPath, chunks);
}

/**
 * Maps the index file's arrays onto one buffer; the documents stay in their file, read one
 * at a time when returned (see DocumentFile).
 */
export async function readParts(documentsPath: string, indexPath: string, updatedAt: Date | null): Promise<GenerationParts> {
  const file = await readWhole(indexPath);
  const headerLength = file.readUInt32LE(0);
  const header = JSON.parse(file.toString('utf8', 4, 4 + headerLength)) as Header;
  const sections = new Map<string, Section>();
  let at = align(4 + headerLength);
  for (const { name, type, length } of header.sections) {
    const Type = TYPES[type];
    sections.set(name, new Type(file.buffer as ArrayBuffer, file.byteOffset + at, length));
    at += align(length * Type.BYTES_PER_ELEMENT);
  }
  return partsOf(sections, (starts, lengths) => DocumentFile.open(documentsPath, starts, lengths), updatedAt, `Snapshot ${indexPath}`);
}

/**
 * A generation over its named arrays (see `sectionsOf`), as read from a snapshot or handed over by
 * a build thread; `documents` opens the document bytes given where each starts and its length. `origin` names where
 * the arrays came from in errors.
 */
export function partsOf(
  sections: ReadonlyMap<string, Section>,
  documents: (starts: Float64Array, lengths: Uint32Array) => GenerationParts['documents'],
  updatedAt: Date | null,
  origin: string,
): GenerationParts {
  const get = <T extends Section>(name: string): T => {
    const section = sections.get(name);
    if (!section) throw new Error(`${origin} has no section ${name}.`);
    return section as T;
  };
  const table = (name: string): StringTable => {
    const bytes = get<Uint8Array>(`${name}.bytes`);
    return new StringTable(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), get(`${name}.offsets`));
  };
  const geoTree = get<Uint8Array>('geoTree');
  const { starts, lengths } = documentPlaces(sections, get);
  const count = lengths.length;
  // A snapshot written before a facet existed has no column for it: no document carries a value there until the next build.
  const noValues = (): FacetColumn => ({ names: StringTable.from([]), offsets: new Uint32Array(count + 1), values: new Uint32Array(0) });
  const facets = Object.fromEntries(
    FACET_FIELDS.map((field): [FacetField, FacetColumn] => [
      field,
      sections.has(`facets.${field}.offsets`)
        ? { names: table(`facets.${field}.names`), offsets: get(`facets.${field}.offsets`), values: get(`facets.${field}.values`) }
        : noValues(),
    ]),
  ) as Record<FacetField, FacetColumn>;
  return {
    updatedAt,
    ids: table('ids'),
    documents: documents(starts, lengths),
    latitudes: get('latitudes'),
    longitudes: get('longitudes'),
    geoTree: geoTree.length > 0 ? geoTree : null,
    geoItems: get('geoItems'),
    providerKeys: get('providerKeys'),
    filterKeys: table('filterKeys'),
    filterPostings: new Postings(get('filterPostings.offsets'), get('filterPostings.docs'), null),
    facets,
    terms: table('terms'),
    textPostings: new Postings(get('textPostings.offsets'), get('textPostings.docs'), get('textPostings.weights')),
    // Snapshots written before type-ahead tables existed simply answer every prefix from the postings.
    prefixTops: sections.has('prefixTops.counts')
      ? {
          keys: table('prefixTops.keys'),
          counts: get('prefixTops.counts'),
          offsets: get('prefixTops.offsets'),
          docs: get('prefixTops.docs'),
          scores: get('prefixTops.scores'),
        }
      : EMPTY_PREFIX_TOPS,
    catalog: sections.has('catalog.json') ? (JSON.parse(Buffer.from(get<Uint8Array>('catalog.json')).toString('utf8')) as DirectoryCatalog) : null,
  };
}

/**
 * Where each document's line is in the document file. Snapshots of format 2 wrote the documents
 * back to back in id order, with one offsets array (`size + 1` entries).
 */
function documentPlaces(sections: ReadonlyMap<string, Section>, get: <T extends Section>(name: string) => T): { starts: Float64Array; lengths: Uint32Array } {
  if (sections.has('documents.starts')) return { starts: get('documents.starts'), lengths: get('documents.lengths') };
  const offsets = get<Uint32Array>('documents.offsets');
  const count = offsets.length - 1;
  const starts = new Float64Array(count);
  const lengths = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    starts[i] = offsets[i];
    lengths[i] = offsets[i + 1] - offsets[i];
  }
  return { starts, lengths };
}

/** Written and flushed to disk before CURRENT can name the snapshot holding it. */
async function writeChunks(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const file = await open(path, 'w');
  try {
    let at = 0;
    for (const chunk of chunks) {
      // Writes may be partial; large arrays go in pieces until every byte is out.
      for (let done = 0; done < chunk.length; ) {
        const { bytesWritten } = await file.write(chunk, done, Math.min(chunk.length - done, 1 << 28), at);
        done += bytesWritten;
        at += bytesWritten;
      }
    }
    await file.sync();
  } finally {
    await file.close();
  }
}

/** A whole file in one unpooled buffer (8-byte aligned views), read in pieces: fs.readFile stops at 2 GiB. */
async function readWhole(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buffer = Buffer.allocUnsafeSlow(size);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await file.read(buffer, at, Math.min(size - at, 1 << 30), at);
      if (bytesRead === 0) throw new Error(`${path} ended after ${at} of ${size} bytes.`);
      at += bytesRead;
    }
    return buffer;
  } finally {
    await file.close();
  }
}
