import { randomUUID } from 'node:crypto';
import { type DirectoryBuilder, type DirectorySession, type OfferedByRoles, type RoleBuild, SERVICE_OWNER } from '@pds/directory';
import type { SearchIndex } from '@pds/search';
import type { ResourceStore, StateStore } from '@pds/store';
import { adHocSourceId } from '../sources/source-seeder';
import { resolveDirtyRoles } from './dirty-roles.resolver';
import { documentHashes } from './document-hash';
import type { CatchUpRecord, IndexUpdateRecord, ReindexRecord } from './index-update-record';
import { IndexUpdateRecordStore } from './index-update-record-store';
import type { LedgerReplacement, LedgerStore, RoleEntry } from './ledger-store.port';
import { RoleIndexWriter } from './role-index-writer';
import { SourceIndexState, type SourceCoverage } from './source-index-state';

export interface IndexUpdaterOptions {
  /** Refs asked of the change journal per call. Default 5 000. */
  journalBatch?: number;
  /**
   * Changed refs gathered before rebuilding; a larger backlog is caught up in several rounds,
   * each loading the source's context once. Bounds memory. Default 100 000.
   */
  refsPerRound?: number;
  /** Documents held before one index write. Default 10 000. */
  flushDocuments?: number;
}

/** What one `catchUp` did. */
export interface CatchUpStats {
  source: string;
  /** Distinct changed refs read from the journal. */
  refsRead: number;
  rolesRebuilt: number;
  documentsUpserted: number;
  documentsRemoved: number;
  /** True when the source had no baseline (no cursor) and was indexed whole. */
  whole: boolean;
  seconds: number;
}

/** What one `rebuildAll` did. */
export interface RebuildStats {
  sources: number;
  roles: number;
  documents: number;
  seconds: number;
}

/**
 * Keeps the search index in step with the resource store by its change journal: only the
 * documents of roles whose inputs changed are rebuilt. Per source it keeps a cursor into the
 * journal (`index-cursor/<source>` in the StateStore), the plan and placeholder coverage of
 * the last build (see {@link resolveDirtyRoles}) and a {@link LedgerStore} of each role's
 * documents and inputs. The cursor moves only after the index and the ledger were written, so
 * a crash replays the last round, which is harmless. Calls on one instance run one at a time;
 * across processes, run one updater per source at a time (one job id per source). Each call is
 * recorded as the last update of its kind (see {@link IndexUpdateRecordStore}): `running` when it
 * starts, then `succeeded` with its stats or `failed` with the error's message.
 */
export class IndexUpdater {
  private readonly journalBatch: number;
  private readonly refsPerRound: number;
  private readonly flushDocuments: number | undefined;
  private readonly state: SourceIndexState;
  private readonly records: IndexUpdateRecordStore;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ResourceStore,
    private readonly builder: DirectoryBuilder,
    private readonly index: SearchIndex,
    private readonly ledger: LedgerStore,
    state: StateStore,
    options: IndexUpdaterOptions = {},
  ) {
    this.state = new SourceIndexState(state);
    this.records = new IndexUpdateRecordStore(state);
    this.journalBatch = options.journalBatch ?? 5_000;
    this.refsPerRound = options.refsPerRound ?? 100_000;
    this.flushDocuments = options.flushDocuments;
  }

  /**
   * Applies the source's journal since the cursor to the index: rebuilds the dirty roles
   * (see {@link resolveDirtyRoles}), upserts their documents, removes the ones they no longer
   * produce (all of a deleted role's), then records the ledger, the coverage and the cursor.
   * A source never indexed here (no cursor) is indexed whole, in place; so is one whose
   * documents were scoped to another source id (or, indexed by an older version, to none).
   * `sourceId` is the source's registry id (see {@link DirectoryBuilder.open}).
   */
  catchUp(source: string, sourceId: string): Promise<CatchUpStats> {
    return this.serial(() => this.recorded<CatchUpRecord>({ kind: 'catch_up', source, sourceId }, () => this.applyJournal(source, sourceId)));
  }

  /** The catch-up itself, between its records. */
  private async applyJournal(source: string, sourceId: string): Promise<CatchUpStats> {
    const started = performance.now();
    const cursor = await this.state.cursor(source);
    let coverage = await this.state.coverage(source);
    if (cursor === null || coverage?.sourceId !== sourceId) return this.indexWhole(source, sourceId, cursor ?? 0, started);
    const stats: CatchUpStats = {
      source,
      refsRead: 0,
      rolesRebuilt: 0,
      documentsUpserted: 0,
      documentsRemoved: 0,
      whole: false,
      seconds: 0,
    };
    let sequence = cursor;
    for (;;) {
      const round = await this.readRound(source, sequence);
      if (round.refs.size === 0) {
        if (round.sequence !== sequence) await this.state.setCursor(source, round.sequence);
        break;
      }
      const session = await this.builder.open(this.store, source, sourceId);
      const dirty = await resolveDirtyRoles(round.refs, session, coverage, this.ledger);
      const writer = new RoleIndexWriter(this.index, this.ledger, source, this.flushDocuments);
      const offered = this.offeredByRoles(source);
      for await (const builds of session.roles(dirty, offered)) await writer.add(builds);
      await writer.flush();
      // Asked once the rebuilt roles are in the ledger, so it answers with what they offer now.
      for await (const builds of session.roles([...writer.servicesTouched], offered)) await writer.add(builds);
      await writer.flush();
      coverage = coverageOf(session);
      await this.state.setCoverage(source, coverage);
      await this.state.setCursor(source, round.sequence);
      sequence = round.sequence;
      stats.refsRead += round.refs.size;
      stats.rolesRebuilt += writer.counts.roles;
      stats.documentsUpserted += writer.counts.upserted;
      stats.documentsRemoved += writer.counts.removed;
    }
    stats.seconds = (performance.now() - started) / 1000;
    return stats;
  }

  /**
   * Rebuilds the whole index from every stored source beside the served one and swaps it in
   * (readers never see it half-filled), then replaces each source's ledger and coverage and
   * moves its cursor to the journal head read before the build: changes written during the
   * build are replayed by the next `catchUp`, harmlessly. Sources no longer stored are forgotten.
   * Each source keeps the id its last catch-up scoped it to; one never indexed here gets its ad-hoc id.
   */
  rebuildAll(): Promise<RebuildStats> {
    return this.serial(() => this.recorded<ReindexRecord>({ kind: 'reindex' }, () => this.rebuild()));
  }

  /** The rebuild itself, between its records. */
  private async rebuild(): Promise<RebuildStats> {
    const started = performance.now();
    const sources = await this.store.sources();
    const heads = new Map<string, number>();
    for (const source of sources) heads.set(source, await this.journalHead(source, (await this.state.cursor(source)) ?? 0));
    const stats: RebuildStats = { sources: sources.length, roles: 0, documents: 0, seconds: 0 };
    const built: { source: string; replacement: LedgerReplacement; coverage: SourceCoverage }[] = [];
    const build = await this.index.beginRebuild();
    try {
      for (const source of sources) {
        const sourceId = (await this.state.coverage(source))?.sourceId ?? adHocSourceId(source);
        const session = await this.builder.open(this.store, source, sourceId);
        const replacement = await this.ledger.beginReplace(source);
        built.push({ source, replacement, coverage: coverageOf(session) });
        for await (const builds of session.allRoles()) {
          const documents = builds.flatMap((roleBuild) => roleBuild.documents);
          if (documents.length > 0) await build.add(documents);
          await replacement.write(entriesOf(builds));
          stats.roles += builds.length;
          stats.documents += documents.length;
        }
      }
      await build.commit();
    } catch (error) {
      await build.abort();
      for (const { replacement } of built) await replacement.abort();
      throw error;
    }
    for (const { source, replacement, coverage } of built) {
      await replacement.commit();
      await this.state.setCoverage(source, coverage);
      await this.state.setCursor(source, heads.get(source) ?? 0);
    }
    for (const source of await this.state.sources()) {
      if (!heads.has(source)) await this.forget(source);
    }
    stats.seconds = (performance.now() - started) / 1000;
    return stats;
  }

  /**
   * Runs one update between its records: `running` before it starts (a process killed during it
   * leaves that, see README "Faults"), then its outcome. A failure's record cannot hide the failure:
   * should writing it fail too, the update's own error is still the one thrown.
   */
  private async recorded<R extends IndexUpdateRecord>(
    what: Omit<R, 'id' | 'status' | 'startedAt' | 'finishedAt' | 'reason' | 'stats'>,
    update: () => Promise<NonNullable<R['stats']>>,
  ): Promise<NonNullable<R['stats']>> {
    const record = { ...what, id: randomUUID(), status: 'running', startedAt: new Date().toISOString(), finishedAt: null, reason: null, stats: null } as R;
    await this.records.save(record);
    let stats: NonNullable<R['stats']>;
    try {
      stats = await update();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.records.save({ ...record, status: 'failed', finishedAt: new Date().toISOString(), reason }).catch(() => undefined);
      throw error;
    }
    await this.records.save({ ...record, status: 'succeeded', finishedAt: new Date().toISOString(), stats } as R);
    return stats;
  }

  /**
   * Indexes a source with no baseline whole, in place (a source new to the index). Through the
   * live ledger, so documents an entry left there for a role still stored are removed too.
   */
  private async indexWhole(source: string, sourceId: string, from: number, started: number): Promise<CatchUpStats> {
    const head = await this.journalHead(source, from);
    const session = await this.builder.open(this.store, source, sourceId);
    const writer = new RoleIndexWriter(this.index, this.ledger, source, this.flushDocuments);
    for await (const builds of session.allRoles()) await writer.add(builds);
    await writer.flush();
    await this.state.setCoverage(source, coverageOf(session));
    await this.state.setCursor(source, head);
    return {
      source,
      refsRead: 0,
      rolesRebuilt: writer.counts.roles,
      documentsUpserted: writer.counts.upserted,
      documentsRemoved: writer.counts.removed,
      whole: true,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** Which services some role of the source offers, by the roles' recorded inputs. */
  private offeredByRoles(source: string): OfferedByRoles {
    return async (serviceIds) => {
      const offered = new Set<string>();
      for (const id of serviceIds) {
        const owners = await this.ledger.dependents(source, [`${SERVICE_OWNER}${id}`]);
        // Role owner keys are bare ids; affiliations (`Type/id`) are weighed by the session itself.
        if (owners.some((owner) => !owner.includes('/'))) offered.add(id);
      }
      return offered;
    };
  }

  /** Distinct refs changed after `sequence`, up to about `refsPerRound`, and where the next round starts. */
  private async readRound(source: string, sequence: number): Promise<{ refs: Set<string>; sequence: number }> {
    const refs = new Set<string>();
    let next = sequence;
    while (refs.size < this.refsPerRound) {
      const page = await this.store.changesSince(source, next, this.journalBatch);
      for (const ref of page.refs) refs.add(ref);
      const moved = page.sequence !== next;
      next = page.sequence;
      if (page.refs.length === 0 || !moved) break;
    }
    return { refs, sequence: next };
  }

  /** The journal's current end, read forward from `from`. */
  private async journalHead(source: string, from: number): Promise<number> {
    let sequence = from;
    for (;;) {
      const page = await this.store.changesSince(source, sequence, this.journalBatch);
      if (page.refs.length === 0 || page.sequence === sequence) return page.sequence;
      sequence = page.sequence;
    }
  }

  private async forget(source: string): Promise<void> {
    const replacement = await this.ledger.beginReplace(source);
    await replacement.commit();
    await this.state.forget(source);
    await this.records.forget(source);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

function coverageOf(session: DirectorySession): SourceCoverage {
  return { sourceId: session.sourceId, plans: Object.fromEntries(session.planLinks), placeholderPoints: session.placeholderPoints() };
}

function entriesOf(builds: RoleBuild[]): Map<string, RoleEntry> {
  return new Map(builds.map((build) => [build.roleId, { documents: documentHashes(build.documents), inputs: build.inputs }]));
}
