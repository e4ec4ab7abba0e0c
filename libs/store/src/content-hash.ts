import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import type { FhirResource } from '@pds/fhir';

// Sorted keys make the text canonical; strict throws on what JSON cannot carry instead of hashing it away.
const canonicalJson = configure({ deterministic: true, strict: true, circularValue: Error });

/**
 * The content hash change detection compares: sha1 of the canonical JSON of the resource without
 * `meta` (a re-harvest bumps `lastUpdated` and `versionId` without changing anything) and `text`
 * (narrative generated from the rest). Hex, 40 characters.
 */
export function contentHash(resource: FhirResource): string {
  const { meta: _meta, text: _text, ...content } = resource;
  return createHash('sha1').update(canonicalJson(content) as string).digest('hex');
}
