import type { FhirResource, PlanNetType } from '@pds/fhir';
import type { QuarantinedResource, RepairedResource, TypeRunRecord } from '../run/run-record';
import { repairResource } from './resource-repair';

/** Reasons kept per repaired resource: the run record shows what was done, not every value of a broken publisher. */
const REASONS_PER_RESOURCE = 10;

export interface ScreenedEntry {
  resource: FhirResource | null;
  quarantine: QuarantinedResource | null;
  /** What was repaired in a kept resource; null when it needed nothing. */
  repair: RepairedResource | null;
}

/** Who hears of the quarantined and repaired resources (a run keeps samples of them). */
export interface ScreenListener {
  onQuarantine?: (resource: QuarantinedResource) => void;
  onRepair?: (resource: RepairedResource) => void;
}

/** Screens a resource and counts it in its type's record as quarantined or repaired; the resource to keep, or null. */
export function admitResource(
  candidate: unknown,
  type: PlanNetType,
  record: TypeRunRecord,
  listener: ScreenListener,
): FhirResource | null {
  const screened = screenResource(candidate, type);
  if (screened.quarantine) {
    record.quarantined++;
    listener.onQuarantine?.(screened.quarantine);
    return null;
  }
  if (screened.repair) {
    record.repaired++;
    listener.onRepair?.(screened.repair);
  }
  return screened.resource;
}

/**
 * Lets through a resource of the crawled type with an id, its JSON types repaired where the
 * meaning is plain (`repairResource`, every repair said); anything that cannot be understood is
 * quarantined with a reason a person can act on, so bad data never reaches the index silently.
 */
export function screenResource(candidate: unknown, type: PlanNetType): ScreenedEntry {
  const resource = candidate as Partial<FhirResource> | null | undefined;
  const quarantine = (id: string | null, reason: string): ScreenedEntry => ({
    resource: null,
    quarantine: { type, id, reason },
    repair: null,
  });
  if (typeof resource !== 'object' || resource === null) return quarantine(null, 'the entry has no resource');
  if (resource.resourceType !== type) {
    return quarantine(idOf(resource), `expected a ${type}, got ${describe(resource.resourceType)}`);
  }
  // The narrative is the bulk of a Plan-Net resource and nothing we index reads it.
  const { text: _narrative, ...rest } = resource;
  const outcome = repairResource(rest, type);
  if (outcome.unreadable !== null) return quarantine(idOf(resource), outcome.unreadable);
  const id = idOf(outcome.resource);
  if (id === null) return quarantine(null, `the ${type} has no id`);
  const { repairs } = outcome;
  const reasons = repairs.length > REASONS_PER_RESOURCE
    ? [...repairs.slice(0, REASONS_PER_RESOURCE - 1), `and ${repairs.length - REASONS_PER_RESOURCE + 1} more`]
    : repairs;
  return {
    resource: outcome.resource as FhirResource,
    quarantine: null,
    repair: repairs.length > 0 ? { type, id, reasons } : null,
  };
}

function idOf(resource: { id?: unknown }): string | null {
  return typeof resource.id === 'string' && resource.id.length > 0 ? resource.id : null;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `a ${value}` : 'no resourceType';
}
