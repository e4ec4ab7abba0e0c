import type { FhirResource, PlanNetType } from '@pds/fhir';
import type { QuarantinedResource } from '../runs/run-record';

/** Keys whose value FHIR defines as a string (or an object/array of them): a number there is wrong. */
const STRING_KEYS = new Set([
  'id', 'reference', 'system', 'code', 'family', 'given', 'prefix', 'suffix', 'city', 'state', 'postalCode',
  'line', 'district', 'country', 'display', 'url', 'lastUpdated', 'versionId', 'name', 'status', 'gender',
]);
/** Arrays whose elements' `value` is a string (Identifier, ContactPoint); elsewhere `value` may be a number. */
const STRING_VALUE_PARENTS = new Set(['identifier', 'telecom']);

export interface ScreenedEntry {
  resource: FhirResource | null;
  quarantine: QuarantinedResource | null;
}

/**
 * Lets through a resource of the crawled type with an id and JSON types FHIR allows; anything
 * else is quarantined with a reason a person can act on, so bad data never reaches the index silently.
 */
export function screenResource(candidate: unknown, type: PlanNetType): ScreenedEntry {
  const resource = candidate as Partial<FhirResource> | null | undefined;
  const id = typeof resource?.id === 'string' && resource.id.length > 0 ? resource.id : null;
  const quarantine = (reason: string): ScreenedEntry => ({ resource: null, quarantine: { type, id, reason } });
  if (typeof resource !== 'object' || resource === null) return quarantine('the entry has no resource');
  if (resource.resourceType !== type) {
    return quarantine(`expected a ${type}, got ${describe(resource.resourceType)}`);
  }
  if (id === null) return quarantine(`the ${type} has no id`);
  const wrongType = findNumberWhereStringBelongs(resource, type);
  if (wrongType) return quarantine(`${wrongType} is a number; FHIR requires a string`);
  const { text: _narrative, ...rest } = resource as FhirResource;
  // The narrative is the bulk of a Plan-Net resource and nothing we index reads it.
  return { resource: rest as FhirResource, quarantine: null };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `a ${value}` : 'no resourceType';
}

function findNumberWhereStringBelongs(value: unknown, path: string, parentKey = ''): string | null {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findNumberWhereStringBelongs(value[index], `${path}[${index}]`, parentKey);
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    const mustBeString = STRING_KEYS.has(key) || (key === 'value' && STRING_VALUE_PARENTS.has(parentKey));
    if (mustBeString && typeof child === 'number') return childPath;
    if (mustBeString && Array.isArray(child) && child.some((item) => typeof item === 'number')) return childPath;
    const found = findNumberWhereStringBelongs(child, childPath, key);
    if (found) return found;
  }
  return null;
}
