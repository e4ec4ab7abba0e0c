import type { BuildFile } from './build-file';
import { DocumentFile } from './document-file';
import type { GenerationParts } from './generation-parts';
import { partsOf, sectionsOf, type Section } from './snapshot-codec';

/** A built generation as plain arrays, the form a build thread hands it over in; its documents are in the build file. */
export interface PackedGeneration {
  sections: Map<string, Section>;
  updatedAt: Date | null;
}

/**
 * Packs a generation with the memory to transfer rather than copy (every array's buffer, once
 * each). The sender must not touch those buffers after: a build thread packs its generation as
 * its last act.
 */
export function packGeneration(parts: GenerationParts): { packed: PackedGeneration; transfer: ArrayBuffer[] } {
  const sections = sectionsOf(parts);
  const buffers = new Set<ArrayBuffer>();
  for (const array of sections.values()) buffers.add(array.buffer as ArrayBuffer);
  return { packed: { sections, updatedAt: parts.updatedAt }, transfer: [...buffers] };
}

/** The generation again, its documents read from the build file, which it now owns. */
export function unpackGeneration({ sections, updatedAt }: PackedGeneration, file: BuildFile): GenerationParts {
  return partsOf(sections, (starts, lengths) => new DocumentFile(file.path, file.fd, starts, lengths, true), updatedAt, 'The build thread’s generation');
}
