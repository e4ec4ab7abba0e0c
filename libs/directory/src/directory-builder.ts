import type { ProviderDocument } from '@pds/search';
import type { ResourceStore } from '@pds/store';
import { DirectoryContext } from './directory-context';
import { DirectorySession, type OfferedByRoles } from './directory-session';
import { PositionScreen } from './location.mapper';
import { FacilityMapper } from './facility.mapper';
import { NetworkCatalog } from './network.mapper';
import { PractitionerRoleMapper } from './practitioner-role.mapper';
import { SiteFieldsCache } from './site-fields-cache';
import type { RoleBuild } from './role-build';
import { SourceScope } from './source-scope.mapper';

export interface DirectoryBuilderOptions {
  /** PractitionerRoles read (and Practitioners fetched) per step; a yielded batch holds their documents. */
  batchSize?: number;
}

/**
 * Small enough that a step's roles, Practitioners and documents mostly die young: at 500 they
 * outgrew V8's young generation and were promoted, and old-generation collections over a
 * million-role heap dominated the build.
 */
const DEFAULT_BATCH_SIZE = 100;

/**
 * Denormalizes one source's stored Plan-Net resources into search documents: one per
 * PractitionerRole and practice Location, one per OrganizationAffiliation and Location
 * (facilities and pharmacies), one per HealthcareService and Location that nothing else offers.
 * The small resource types are held in memory; roles are streamed and their Practitioners
 * fetched per batch, so memory stays bounded by the batch, not by the number of practitioners.
 */
export class DirectoryBuilder {
  private readonly batchSize: number;

  constructor(options: DirectoryBuilderOptions = {}) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  /**
   * Loads a source's small resource types once, for building all of its roles or some of them.
   * `source` is the store's key (the base URL), `sourceId` the registry's id, which scopes the
   * documents' network, plan, payer and organization ids.
   */
  async open(store: ResourceStore, source: string, sourceId: string): Promise<DirectorySession> {
    const context = await DirectoryContext.load(store, source);
    const catalog = await NetworkCatalog.build(context);
    const screen = new PositionScreen(context.all('Location'));
    const sites = new SiteFieldsCache(screen);
    const mapper = new PractitionerRoleMapper(context, catalog, sites);
    const facilities = new FacilityMapper(context, catalog, sites);
    return new DirectorySession(store, context, catalog, screen, mapper, facilities, new SourceScope(sourceId), this.batchSize);
  }

  /** Yields the source's documents in batches; empty batches are skipped. */
  async *build(store: ResourceStore, source: string, sourceId: string): AsyncIterable<ProviderDocument[]> {
    const session = await this.open(store, source, sourceId);
    for await (const builds of session.allRoles()) {
      const documents = builds.flatMap((build) => build.documents);
      if (documents.length > 0) yield documents;
    }
  }

  /** Builds only the roles named, with their inputs; the context is loaded once for all of them. */
  async *buildRoles(store: ResourceStore, source: string, sourceId: string, roleIds: Iterable<string>, offeredByRoles: OfferedByRoles): AsyncIterable<RoleBuild[]> {
    yield* (await this.open(store, source, sourceId)).roles(roleIds, offeredByRoles);
  }
}
