import { isPlanNetType, type FhirResource, type PlanNetType } from '@pds/fhir';
import { contentHash } from './content-hash';

/** A resource ready for an adapter to write: validated, serialized once and hashed once. */
export interface StoredResource {
  type: PlanNetType;
  id: string;
  /** `Type/id`, the name the change journal uses. */
  ref: string;
  hash: string;
  json: string;
}

/** Validates and hashes a batch; a ref given twice keeps its last resource, as a pass does. */
export function toStoredResources(resources: FhirResource[]): Map<string, StoredResource> {
  const byRef = new Map<string, StoredResource>();
  for (const resource of resources) {
    const type = resource.resourceType;
    if (!isPlanNetType(type) || typeof resource.id !== 'string' || resource.id === '') {
      throw new Error(`Not a storable Plan-Net resource: ${type}/${String(resource.id)}`);
    }
    const ref = `${type}/${resource.id}`;
    byRef.delete(ref);
    byRef.set(ref, { type, id: resource.id, ref, hash: contentHash(resource), json: JSON.stringify(resource) });
  }
  return byRef;
}

/** Splits a `Type/id` ref; the id may itself contain '/', the type never does. */
export function parseRef(ref: string): { type: PlanNetType; id: string } {
  const slash = ref.indexOf('/');
  const type = ref.slice(0, slash);
  const id = ref.slice(slash + 1);
  if (slash < 0 || !isPlanNetType(type) || id === '') throw new Error(`Not a Plan-Net Type/id reference: ${ref}`);
  return { type, id };
}
