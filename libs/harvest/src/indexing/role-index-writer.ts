import { type RoleBuild, SERVICE_OWNER } from '@pds/directory';
import type { ProviderDocument, SearchIndex } from '@pds/search';
import { documentHashes } from './document-hash';
import type { LedgerStore, RoleEntry } from './ledger-store.port';

/** Documents held before they are written to the index at once (an embedded index snapshots per write). */
const DEFAULT_FLUSH_DOCUMENTS = 10_000;

/**
 * Applies rebuilt roles of one source to the index and the ledger, in that order: the
 * ledger never claims documents the index has not received, so a crash between the two is
 * repaired by replaying the journal batch (upserts and removals are idempotent).
 */
export class RoleIndexWriter {
  private upserts: ProviderDocument[] = [];
  private removals: string[] = [];
  private entries = new Map<string, RoleEntry | null>();
  readonly counts = { roles: 0, upserted: 0, removed: 0 };
  /**
   * Owner keys of the HealthcareServices that rebuilt roles and affiliations offered before or
   * offer now: whether such a service gets documents of its own may have changed.
   */
  readonly servicesTouched = new Set<string>();

  constructor(
    private readonly index: SearchIndex,
    private readonly ledger: LedgerStore,
    private readonly source: string,
    private readonly flushDocuments = DEFAULT_FLUSH_DOCUMENTS,
  ) {}

  /**
   * Queues the roles' documents that are new or came out different (by content hash), the
   * removal of those they no longer produce, and their ledger entries.
   */
  async add(builds: RoleBuild[]): Promise<void> {
    const before = await this.ledger.entries(
      this.source,
      builds.map((build) => build.roleId),
    );
    builds.forEach((build, index) => {
      const previous = before[index]?.documents ?? {};
      const hashes = documentHashes(build.documents);
      this.upserts.push(...build.documents.filter((document) => previous[document.id] !== hashes[document.id]));
      this.removals.push(...Object.keys(previous).filter((id) => !(id in hashes)));
      this.entries.set(build.roleId, build.exists ? { documents: hashes, inputs: build.inputs } : null);
      if (!build.roleId.startsWith(SERVICE_OWNER)) {
        for (const input of [...(before[index]?.inputs ?? []), ...build.inputs]) if (input.startsWith(SERVICE_OWNER)) this.servicesTouched.add(input);
      }
    });
    this.counts.roles += builds.length;
    if (this.upserts.length + this.removals.length >= this.flushDocuments) await this.flush();
  }

  /** Writes what is queued: index first, then the ledger. */
  async flush(): Promise<void> {
    const [upserts, removals, entries] = [this.upserts, this.removals, this.entries];
    this.upserts = [];
    this.removals = [];
    this.entries = new Map();
    if (upserts.length > 0) await this.index.upsert(upserts);
    if (removals.length > 0) await this.index.remove(removals);
    await this.ledger.write(this.source, entries);
    this.counts.upserted += upserts.length;
    this.counts.removed += removals.length;
  }
}
