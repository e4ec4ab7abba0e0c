import type { FhirResource } from '@pds/fhir';
import type { ResourceStore } from '@pds/store';
import type { DirectoryContext, ReferenceTarget } from './directory-context';
import { pointKey, readPosition, type PositionScreen } from './location.mapper';
import type { NetworkCatalog, PlanLinks } from './network.mapper';
import type { PractitionerRoleMapper } from './practitioner-role.mapper';
import type { RoleBuild } from './role.build';

/**
 * One source's joins, loaded once: builds every role or only some, each with its inputs, and
 * answers what an incremental update needs to know beyond single references (which plans
 * cover which networks, which points are placeholders).
 */
export class DirectorySession {
  constructor(
    private readonly store: ResourceStore,
    private readonly context: DirectoryContext,
    private readonly catalog: NetworkCatalog,
    private readonly screen: PositionScreen,
    private readonly mapper: PractitionerRoleMapper,
    private readonly batchSize: number,
  ) {}

  get source(): string {
    return this.context.source;
  }

  /** Every role of the source, a batch per store scan batch. */
  async *allRoles(): AsyncIterable<RoleBuild[]> {
    for await (const batch of this.store.scan(this.source, 'PractitionerRole', this.batchSize)) {
      yield this.buildBatch(batch.filter((role) => typeof role.id === 'string'));
    }
  }

  /** The roles named, in batches; one the store does not hold comes back with `exists: false`. */
  async *roles(roleIds: Iterable<string>): AsyncIterable<RoleBuild[]> {
    const ids = [...new Set(roleIds)];
    for (let start = 0; start < ids.length; start += this.batchSize) {
      const chunk = ids.slice(start, start + this.batchSize);
      const found = await this.store.getMany(this.source, 'PractitionerRole', chunk);
      const roles = found.filter((role): role is FhirResource => role !== null);
      const built = new Map((await this.buildBatch(roles)).map((build) => [build.roleId, build]));
      yield chunk.map((roleId) => built.get(roleId) ?? { roleId, exists: false, documents: [], inputs: [] });
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

  private async buildBatch(roles: FhirResource[]): Promise<RoleBuild[]> {
    const practitioners = await this.practitionersOf(roles);
    return Promise.all(
      roles.map(async (role, index) => {
        const inputs = new Set<string>();
        const practitioner = practitioners[index];
        if (practitioner && !practitioner.id.startsWith('#')) inputs.add(`Practitioner/${practitioner.id}`);
        const documents = await this.mapper.recordingInto(inputs).map(role, practitioner);
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
