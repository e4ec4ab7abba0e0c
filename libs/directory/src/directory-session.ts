import type { FhirResource } from '@pds/fhir';
import type { ResourceStore } from '@pds/store';
import type { DirectoryContext, ReferenceTarget } from './directory-context';
import type { FacilityMapper } from './facility.mapper';
import { asArray } from './fhir-json-reader';
import { pointKey, readPosition, type PositionScreen } from './location.mapper';
import type { NetworkCatalog, PlanLinks } from './network.mapper';
import type { PractitionerRoleMapper } from './practitioner-role.mapper';
import type { RoleBuild } from './role-build';
import type { SourceScope } from './source-scope.mapper';

/**
 * Keys of the owners of documents in builds and in the ledger: a PractitionerRole by its bare
 * id (FHIR ids hold no "/"), the facility owners by `Type/id`.
 */
export const AFFILIATION_OWNER = 'OrganizationAffiliation/';
export const SERVICE_OWNER = 'HealthcareService/';

/** Which of some HealthcareServices a PractitionerRole offers: those get no documents of their own. */
export type OfferedByRoles = (serviceIds: readonly string[]) => Promise<ReadonlySet<string>>;

/**
 * One source's joins, loaded once: builds every owner (role, affiliation, lone service) or only some, each with its inputs, and
 * answers what an incremental update needs to know beyond single references (which plans
 * cover which networks, which points are placeholders).
 */
export class DirectorySession {
  private offeredByAffiliations: Promise<Set<string>> | null = null;

  constructor(
    private readonly store: ResourceStore,
    private readonly context: DirectoryContext,
    private readonly catalog: NetworkCatalog,
    private readonly screen: PositionScreen,
    private readonly mapper: PractitionerRoleMapper,
    private readonly facilities: FacilityMapper,
    private readonly scope: SourceScope,
    private readonly batchSize: number,
  ) {}

  get source(): string {
    return this.context.source;
  }

  /** The source's registry id, the scope of its documents' network, plan, payer and organization ids. */
  get sourceId(): string {
    return this.scope.sourceId;
  }

  /**
   * Every owner of the source: the roles, a batch per store scan batch, then the affiliations,
   * then the HealthcareServices no role or affiliation offers.
   */
  async *allRoles(): AsyncIterable<RoleBuild[]> {
    const offered = new Set<string>();
    for await (const batch of this.store.scan(this.source, 'PractitionerRole', this.batchSize)) {
      const builds = await this.buildBatch(batch.filter((role) => typeof role.id === 'string'));
      for (const build of builds) for (const input of build.inputs) if (input.startsWith(SERVICE_OWNER)) offered.add(input.slice(SERVICE_OWNER.length));
      yield builds;
    }
    const owners = [
      ...[...this.context.all('OrganizationAffiliation')].map((affiliation) => `${AFFILIATION_OWNER}${affiliation.id}`),
      ...[...this.context.all('HealthcareService')].map((service) => `${SERVICE_OWNER}${service.id}`),
    ];
    yield* this.roles(owners, async () => offered);
  }

  /**
   * The owners named (see {@link AFFILIATION_OWNER}), in batches; one the store does not hold
   * comes back with `exists: false`. `offeredByRoles` says which services roles offer.
   */
  async *roles(ownerKeys: Iterable<string>, offeredByRoles: OfferedByRoles): AsyncIterable<RoleBuild[]> {
    const keys = [...new Set(ownerKeys)];
    const roleIds = keys.filter((key) => !key.includes('/'));
    for (let start = 0; start < roleIds.length; start += this.batchSize) {
      const chunk = roleIds.slice(start, start + this.batchSize);
      const found = await this.store.getMany(this.source, 'PractitionerRole', chunk);
      const roles = found.filter((role): role is FhirResource => role !== null);
      const built = new Map((await this.buildBatch(roles)).map((build) => [build.roleId, build]));
      yield chunk.map((roleId) => built.get(roleId) ?? { roleId, exists: false, documents: [], inputs: [] });
    }
    const facilityKeys = keys.filter((key) => key.includes('/'));
    const offered = await offeredByRoles(facilityKeys.flatMap((key) => (key.startsWith(SERVICE_OWNER) ? [key.slice(SERVICE_OWNER.length)] : [])));
    // The affiliations are loaded with the session and never change within it: resolved once.
    this.offeredByAffiliations ??= this.servicesOfAffiliations();
    const byAffiliations = await this.offeredByAffiliations;
    for (let start = 0; start < facilityKeys.length; start += this.batchSize) {
      yield Promise.all(facilityKeys.slice(start, start + this.batchSize).map((key) => this.buildFacility(key, offered, byAffiliations)));
    }
  }

  /** Per InsurancePlan id, the networks and payers it was joined through. */
  get planLinks(): ReadonlyMap<string, PlanLinks> {
    return this.catalog.planLinks;
  }

  /** Points screened as placeholders (see `PositionScreen.placeholderPoints`). */
  placeholderPoints(): string[] {
    return this.screen.placeholderPoints();
  }

  /** Ids of the Locations positioned exactly at any of the points (keys as `placeholderPoints` gives them). */
  locationsAt(points: ReadonlySet<string>): string[] {
    if (points.size === 0) return [];
    return [...this.context.all('Location')].flatMap((location) => {
      const position = readPosition(location);
      return position && points.has(pointKey(position)) ? [location.id] : [];
    });
  }

  private async buildFacility(key: string, offeredByRoles: ReadonlySet<string>, offeredByAffiliations: ReadonlySet<string>): Promise<RoleBuild> {
    const affiliation = key.startsWith(AFFILIATION_OWNER);
    const id = key.slice((affiliation ? AFFILIATION_OWNER : SERVICE_OWNER).length);
    const owner = this.context.get(affiliation ? 'OrganizationAffiliation' : 'HealthcareService', id);
    if (!owner) return { roleId: key, exists: false, documents: [], inputs: [] };
    const inputs = new Set<string>();
    const mapper = this.facilities.recordingInto(inputs);
    // A service a role or affiliation offers is found through them, not on its own.
    const lone = !affiliation && !offeredByRoles.has(id) && !offeredByAffiliations.has(id);
    const documents = affiliation ? await mapper.affiliation(owner) : lone ? await mapper.service(owner) : [];
    inputs.delete(key);
    return { roleId: key, exists: true, documents: documents.map((document) => this.scope.document(document)), inputs: [...inputs].sort() };
  }

  /** Ids of the HealthcareServices some OrganizationAffiliation of the source offers. */
  private async servicesOfAffiliations(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const affiliation of this.context.all('OrganizationAffiliation')) {
      for (const reference of asArray(affiliation.healthcareService)) {
        const target = await this.context.target(reference, affiliation, 'HealthcareService');
        if (target) ids.add(target.id);
      }
    }
    return ids;
  }

  private async buildBatch(roles: FhirResource[]): Promise<RoleBuild[]> {
    const practitioners = await this.practitionersOf(roles);
    return Promise.all(
      roles.map(async (role, index) => {
        const inputs = new Set<string>();
        const practitioner = practitioners[index];
        if (practitioner && !practitioner.id.startsWith('#')) inputs.add(`Practitioner/${practitioner.id}`);
        const documents = (await this.mapper.recordingInto(inputs).map(role, practitioner)).map((document) => this.scope.document(document));
        return { roleId: role.id, exists: true, documents, inputs: [...inputs].sort() };
      }),
    );
  }

  /** Each role's Practitioner: contained ones as they are, the others in one `getMany`. */
  private async practitionersOf(roles: FhirResource[]): Promise<(ReferenceTarget | null)[]> {
    const targets = await Promise.all(roles.map((role) => this.context.target(role.practitioner, role, 'Practitioner')));
    const missing = [...new Set(targets.flatMap((target) => (target && !target.resource ? [target.id] : [])))];
    const fetched = missing.length > 0 ? await this.store.getMany(this.source, 'Practitioner', missing) : [];
    const byId = new Map(missing.map((id, index) => [id, fetched[index] ?? null]));
    return targets.map(
      (target) => target && { id: target.id, resource: target.resource ?? byId.get(target.id) ?? null },
    );
  }
}
