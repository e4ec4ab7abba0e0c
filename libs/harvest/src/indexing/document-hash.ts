import { createHash } from 'node:crypto';
import type { ProviderDocument } from '@pds/search';

/**
 * A short content hash of a search document. The builder emits fields in a fixed order, so
 * equal documents serialize alike; 96 bits keep a million roles' ledger small without a
 * plausible collision.
 */
export function documentHash(document: ProviderDocument): string {
  return createHash('sha1').update(JSON.stringify(document)).digest('base64url').slice(0, 16);
}

/** A role's documents as the ledger keeps them: id → content hash. */
export function documentHashes(documents: readonly ProviderDocument[]): Record<string, string> {
  return Object.fromEntries(documents.map((document) => [document.id, documentHash(document)]));
}
