import type { FhirResource } from '@pds/fhir';
import type { ProviderDocument } from '@pds/search';
import type { ResourceStore } from '@pds/store';
import { DirectoryContext, type ReferenceTarget } from './directory-context';
import { PositionScreen } from './location.mapper';
import { NetworkCatalog } from './network.mapper';
import { PractitionerRoleMapper } from './practitioner-role.mapper';

export interface DirectoryBuilderOptions {
  /** PractitionerRoles read (and Practitioners fetched) per step; a yielded batch holds their documents. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 500;

/**
 * Denormalizes one source's stored Plan-Net resources into search documents: one per
 * PractitionerRole and practice Location. The small resource types are held in memory;
 * roles are streamed and their Practitioners fetched per batch, so memory stays bounded by
 * the batch, not by the number of practitioners. Facility and pharmacy documents
 * (OrganizationAffiliation) are not built yet.
 */
export class DirectoryBuilder {
  private readonly batchSize: number;

  constructor(options: DirectoryBuilderOptions = {}) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  /** Yields the source's documents in batches; empty batches are skipped. */
  async *build(store: ResourceStore, source: string): AsyncIterable<ProviderDocument[]> {
    const context = await DirectoryContext.load(store, source);
    const mapper = new PractitionerRoleMapper(
      context,
      await NetworkCatalog.build(context),
      new PositionScreen(context.all('Location')),
    );
    for await (const batch of store.scan(source, 'PractitionerRole', this.batchSize)) {
      const roles = batch.filter((role) => typeof role.id === 'string');
      const practitioners = await this.practitionersOf(store, context, roles);
      const documents = await Promise.all(roles.map((role, index) => mapper.map(role, practitioners[index])));
      if (documents.some((roleDocuments) => roleDocuments.length > 0)) yield documents.flat();
    }
  }

  /** Each role's Practitioner: contained ones as they are, the others in one `getMany`. */
  private async practitionersOf(
    store: ResourceStore,
    context: DirectoryContext,
    roles: FhirResource[],
  ): Promise<(ReferenceTarget | null)[]> {
    const targets = await Promise.all(roles.map((role) => context.target(role.practitioner, role, 'Practitioner')));
    const missing = [...new Set(targets.flatMap((target) => (target && !target.resource ? [target.id] : [])))];
    const fetched = missing.length > 0 ? await store.getMany(context.source, 'Practitioner', missing) : [];
    const byId = new Map(missing.map((id, index) => [id, fetched[index] ?? null]));
    return targets.map(
      (target) => target && { id: target.id, resource: target.resource ?? byId.get(target.id) ?? null },
    );
  }
}
