import { ChunkedDocuments, type PackedDocuments } from './document-chunks';
import type { GenerationParts } from './generation-parts';
import { partsOf, sectionsOf, type Section } from './snapshot-codec';

/** A built generation as plain arrays, the form a build thread hands it over in. */
export interface PackedGeneration {
  sections: Map<string, Section>;
  documents: PackedDocuments;
  updatedAt: Date | null;
}

/**
 * Packs a generation built from chunks, with the memory to transfer rather than copy (every
 * array's buffer, once each). The sender must not touch those buffers after: a build thread
 * packs its generation as its last act.
 */
export function packGeneration(parts: GenerationParts): { packed: PackedGeneration; transfer: ArrayBuffer[] } {
  if (!(parts.documents instanceof ChunkedDocuments)) throw new Error('Only a generation built in memory is handed over.');
  const documents = parts.documents.pack();
  const sections = sectionsOf(parts);
  const buffers = new Set<ArrayBuffer>();
  for (const array of [...sections.values(), ...documents.chunks, documents.where, documents.order, documents.offsets]) {
    buffers.add(array.buffer as ArrayBuffer);
  }
  return { packed: { sections, documents, updatedAt: parts.updatedAt }, transfer: [...buffers] };
}

export function unpackGeneration({ sections, documents, updatedAt }: PackedGeneration): GenerationParts {
  return partsOf(sections, () => ChunkedDocuments.unpack(documents), updatedAt, 'The build thread’s generation');
}
