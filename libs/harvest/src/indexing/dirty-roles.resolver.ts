import { AFFILIATION_OWNER, type DirectorySession, SERVICE_OWNER } from '@pds/directory';
import type { LedgerStore } from './ledger-store.port';
import type { SourceCoverage } from './source-index-state';

const ROLE = 'PractitionerRole/';
/** Refs that name an owner of documents themselves (see DirectorySession's owner keys). */
const FACILITY_OWNERS = [AFFILIATION_OWNER, SERVICE_OWNER];

/**
 * The owners (roles, affiliations, services: see DirectorySession) whose documents may differ
 * after the `changed` refs, of one source:
 *
 * - a changed owner itself (new, updated or deleted);
 * - every role that recorded a changed ref as an input (the ledger's reverse index);
 * - for a changed InsurancePlan, or a plan whose payer changed: the roles of every network the
 *   plan listed before (the coverage kept at the last build) or lists now (the session);
 * - for a point whose placeholder verdict flipped (a Location moved onto or off a shared point,
 *   or changed its address there): the roles of every Location now at that point. Locations
 *   that left the point changed themselves, so they are found as inputs.
 */
export async function resolveDirtyRoles(
  changed: ReadonlySet<string>,
  session: DirectorySession,
  before: SourceCoverage,
  ledger: LedgerStore,
): Promise<Set<string>> {
  const dirty = new Set<string>();
  for (const ref of changed) {
    if (ref.startsWith(ROLE)) dirty.add(ref.slice(ROLE.length));
    else if (FACILITY_OWNERS.some((prefix) => ref.startsWith(prefix))) dirty.add(ref);
  }

  const inputs = new Set(changed);
  for (const network of networksOfChangedPlans(changed, session, before)) inputs.add(`Organization/${network}`);
  for (const location of session.locationsAt(flippedPoints(before.placeholderPoints, session.placeholderPoints()))) {
    inputs.add(`Location/${location}`);
  }
  for (const roleId of await ledger.dependents(session.source, [...inputs])) dirty.add(roleId);
  return dirty;
}

function networksOfChangedPlans(
  changed: ReadonlySet<string>,
  session: DirectorySession,
  before: SourceCoverage,
): Set<string> {
  const networks = new Set<string>();
  const planIds = new Set([...Object.keys(before.plans), ...session.planLinks.keys()]);
  for (const planId of planIds) {
    const links = [before.plans[planId], session.planLinks.get(planId)].filter((link) => link !== undefined);
    const affected =
      changed.has(`InsurancePlan/${planId}`) ||
      links.some((link) => link.payers.some((payer) => changed.has(`Organization/${payer}`)));
    if (affected) for (const link of links) for (const network of link.networks) networks.add(network);
  }
  return networks;
}

function flippedPoints(before: readonly string[], after: readonly string[]): Set<string> {
  const was = new Set(before);
  const is = new Set(after);
  return new Set([...before.filter((point) => !is.has(point)), ...after.filter((point) => !was.has(point))]);
}
