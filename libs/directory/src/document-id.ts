import { createHash } from 'node:crypto';

/**
 * The search document id of one resource at one location of one source.
 *
 * A hash rather than a readable join: FHIR ids may contain `.`, which search engines reject,
 * and any sanitising (`.` → `_`) can make two ids collide. base64url of SHA-1 is 27 characters
 * of [A-Za-z0-9_-], stable across rebuilds, so re-indexing replaces documents in place.
 * The owner's resource type is hashed too, so a later facility document built from an
 * OrganizationAffiliation cannot collide with a PractitionerRole of the same id.
 */
export function documentId(source: string, ownerType: string, ownerId: string, locationId: string): string {
  return createHash('sha1').update(`${source}|${ownerType}/${ownerId}|${locationId}`).digest('base64url');
}
