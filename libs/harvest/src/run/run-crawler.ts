import type { Logger } from '@pds/config';
import { Deadline, type FhirClient, PLAN_NET_TYPES, PageSizeGovernor, type PlanNetType } from '@pds/fhir';
import type { ResourceStore, StateStore, StorePass } from '@pds/store';
import { type CrawlOptions, type ResourceSink, TypeCrawler } from '../crawl/type-crawler';
import { NdjsonDirectoryReader, isDirectorySource } from '../ndjson-directory-source';
import { runBulkExport } from './bulk-export';
import { emptyTypeRecord } from '../crawl/type-record';
import { newRunId } from './run-id';
import { type RunRecord, type TypeRunRecord, addChanges, emptyCounters } from './run-record';
import type { SourceSettings } from '../sources/source-settings';
import { HeldRuns } from './held-runs';
import { type RunCheckpoint, RunCheckpoints } from './run-checkpoint';
import { type RunPlan, planRun } from './run-planner';
import { type SourceCapabilities, measurePageSize, probeSource } from './source-probe';
import { type MeasuredPageSize, PageSizeCache, pagesDifferFrom } from './page-size-cache';
import { readSyncState, writeSyncState } from './sync-state';

/** Where finished and running records go (the run-record store); progress may be debounced. */
export interface RunRecordSink {
  save(record: RunRecord): Promise<void>;
}

export interface RunCrawlerDeps {
  store: ResourceStore;
  state: StateStore;
  /**
   * A client for one run, fed by the run's governor so the page size shrinks after timeouts, and
   * bound by the run's deadline.
   */
  clientFor(settings: SourceSettings, governor: PageSizeGovernor, deadline: Deadline): FhirClient;
  records: RunRecordSink;
  logger: Logger;
  /** Subtracted from incremental windows: records stamped during the previous run are not missed. */
  overlapMs?: number;
}

const QUARANTINE_SAMPLE = 50;
/** Per type, so the sample shows every kind of repair even when one type has thousands. */
const REPAIR_SAMPLE_PER_TYPE = 10;

/** A FHIR server crawled page by page, or a local NDJSON directory read file by file. */
interface TypeReader {
  crawl(type: PlanNetType, sink: ResourceSink, options: CrawlOptions): Promise<TypeRunRecord>;
}

/**
 * One run of one source: probe, plan, crawl with a checkpoint after every page, then commit,
 * hold or fail. A run found checkpointed (its worker was killed) is resumed, not restarted.
 */
export class RunCrawler {
  private readonly checkpoints: RunCheckpoints;
  /** Runs held for deleting too much, and the admin's decisions on them. */
  readonly held: HeldRuns;
  private readonly pageSizes: PageSizeCache;

  constructor(private readonly deps: RunCrawlerDeps) {
    this.checkpoints = new RunCheckpoints(deps.state);
    this.held = new HeldRuns({ store: deps.store, state: deps.state, finish: (record) => this.finish(record) });
    this.pageSizes = new PageSizeCache(deps.state);
  }

  async run(
    settings: SourceSettings,
    requested: 'full' | 'incremental' | null,
    onProgress?: (record: RunRecord) => void,
  ): Promise<RunRecord> {
    const governor = new PageSizeGovernor({ initial: settings.pageSize });
    const found = await this.checkpoints.get(settings.id);
    const resumed = found?.record.sourceUrl === settings.baseUrl ? found : null;
    if (resumed?.record.status === 'abandoned') takeOver(resumed);
    // A resumed run keeps its start: a page that kills its worker every time cannot resume forever.
    const deadline = new Deadline(
      (resumed ? Date.parse(resumed.record.startedAt) : Date.now()) + settings.maxRunMinutes * 60_000,
      `the run's ${settings.maxRunMinutes}-minute limit (maxRunMinutes)`,
    );
    const client = this.deps.clientFor(settings, governor, deadline);
    const checkpoint = resumed ?? (await this.start(settings, requested, client, governor.pageSize));
    if (resumed) this.deps.logger.info({ source: settings.id, run: resumed.record.id }, 'resuming run');
    const record = checkpoint.record;
    if (record.probe?.effectivePageSize) governor.limitTo(record.probe.effectivePageSize);
    let pass: StorePass | null = null;
    try {
      pass = checkpoint.passId ? await this.deps.store.beginPass(settings.baseUrl, checkpoint.passId) : null;
      const sink = pass ?? this.liveSink(settings.baseUrl);
      if (checkpoint.plan.mode === 'export') await this.exportChanges(checkpoint, settings, client, sink, deadline);
      else await this.crawlTypes(checkpoint, settings, governor, client, sink, onProgress);
      record.complete = PLAN_NET_TYPES.every((type) => record.types[type]?.complete);
      if (pass) {
        const liveTotal = await this.liveTotal(settings.baseUrl);
        const preview = await pass.preview();
        if (liveTotal > 0 && preview.deleted / liveTotal > settings.maxDeleteShare) {
          const reason =
            `would delete ${preview.deleted} of ${liveTotal} resources (${percent(preview.deleted / liveTotal)}), ` +
            `more than the ${percent(settings.maxDeleteShare)} allowed: an admin must confirm or reject`;
          await this.held.hold(record, pass, preview, checkpoint.serverStart, reason);
          pass = null;
          return record;
        }
        addChanges(record.totals, await pass.commit());
        pass = null;
      }
      record.status = 'succeeded';
      await this.recordSuccess(settings.id, checkpoint);
      return record;
    } catch (error) {
      await pass?.abort();
      record.status = 'failed';
      record.reason = (error as Error).message;
      this.deps.logger.error({ source: settings.id, run: record.id, reason: record.reason }, 'run failed');
      return record;
    } finally {
      deadline.clear();
      await this.finish(record);
      await this.checkpoints.clear(settings.id);
    }
  }

  /** Sources whose run was interrupted and should be resumed. */
  interrupted(): Promise<string[]> {
    return this.checkpoints.pending();
  }

  /**
   * Marks the source's running run abandoned, with the reason, when no process will carry it on
   * (its job is gone from the queue); the checkpoint stays, so the next run resumes from it.
   * Null when the source has no running run.
   */
  async abandon(sourceId: string, reason: string): Promise<RunRecord | null> {
    const checkpoint = await this.checkpoints.get(sourceId);
    if (checkpoint?.record.status !== 'running') return null;
    const { record } = checkpoint;
    record.status = 'abandoned';
    record.reason = reason;
    this.deps.logger.warn({ source: sourceId, run: record.id, reason }, 'run abandoned');
    await this.finish(record);
    await this.checkpoints.save(checkpoint);
    return record;
  }

  private async start(
    settings: SourceSettings,
    requested: 'full' | 'incremental' | null,
    client: FhirClient,
    pageSize: number,
  ): Promise<RunCheckpoint> {
    const directory = isDirectorySource(settings.baseUrl);
    const capabilities = directory ? null : await probeSource(client, settings.baseUrl, PLAN_NET_TYPES, pageSize);
    const sync = await readSyncState(this.deps.state, settings.id);
    const plan: RunPlan = capabilities
      ? planRun({
          requested,
          capabilities,
          ...sync,
          fullEveryDays: settings.fullEveryDays,
          now: new Date(),
          overlapMs: this.deps.overlapMs ?? 5 * 60_000,
        })
      : { mode: 'full', since: null, reason: 'a local NDJSON directory is read whole' };
    if (capabilities) await this.settlePageSize(settings, client, capabilities, plan.mode === 'full');
    const now = new Date();
    const startedAt = now.toISOString();
    const record: RunRecord = {
      id: newRunId(now),
      sourceId: settings.id,
      sourceUrl: settings.baseUrl,
      mode: plan.mode,
      status: 'running',
      startedAt,
      finishedAt: null,
      reason: plan.reason,
      complete: false,
      types: {},
      totals: emptyCounters(),
      requestsPerResource: 0,
      quarantine: [],
      repairs: [],
      probe: capabilities,
    };
    const passId = plan.mode === 'full' ? (await this.deps.store.beginPass(settings.baseUrl)).id : null;
    const checkpoint: RunCheckpoint = {
      record,
      plan,
      passId,
      serverStart: capabilities?.serverTime ?? startedAt,
      positions: {},
    };
    this.deps.logger.info({ source: settings.id, run: record.id, mode: plan.mode, reason: plan.reason, probe: capabilities }, 'run started');
    await this.checkpoints.save(checkpoint);
    return checkpoint;
  }

  /**
   * A full pass measures the page size again; other runs reuse the last measurement for the same
   * `_count`, unless a run since saw the server page otherwise (`watchPaging` forgets it then).
   */
  private async settlePageSize(settings: SourceSettings, client: FhirClient, capabilities: SourceCapabilities, full: boolean): Promise<void> {
    const requested = capabilities.requestedPageSize;
    const cached = full ? null : await this.pageSizes.reusable(settings.id, requested);
    if (cached) {
      capabilities.effectivePageSize = cached.effectivePageSize;
      capabilities.pageSizeMeasuredAt = cached.measuredAt;
      return;
    }
    const measured = await measurePageSize(client, settings.baseUrl, requested);
    capabilities.requests += measured.requests;
    capabilities.effectivePageSize = measured.effective;
    if (!measured.measured) return;
    capabilities.pageSizeMeasuredAt = new Date().toISOString();
    const measuredAt = capabilities.pageSizeMeasuredAt;
    await this.pageSizes.save(settings.id, { requestedPageSize: requested, effectivePageSize: measured.effective, measuredAt });
  }

  /** Forgets the measured page size once a page shows the server paging otherwise, saying how on the record. */
  private watchPaging(record: RunRecord, type: PlanNetType): CrawlOptions['onPageShape'] {
    const probe = record.probe;
    if (!probe?.pageSizeMeasuredAt) return undefined;
    const measured: MeasuredPageSize = {
      requestedPageSize: probe.requestedPageSize,
      effectivePageSize: probe.effectivePageSize,
      measuredAt: probe.pageSizeMeasuredAt,
    };
    return async (page) => {
      if (probe.pagingChanged !== null || !pagesDifferFrom(measured, page)) return;
      probe.pagingChanged =
        `${type}: a page asked with _count=${page.askedCount ?? 'none'} held ${page.entries} entries` +
        `${page.nextCount !== null ? ` and its next link asks _count=${page.nextCount}` : ''}; ` +
        `measured ${measured.effectivePageSize ?? 'one page for the whole type'} for _count=${measured.requestedPageSize} at ${measured.measuredAt}: the next run measures again`;
      this.deps.logger.info({ source: record.sourceId, run: record.id, pagingChanged: probe.pagingChanged }, 'paging differs from the measured page size');
      await this.pageSizes.forget(record.sourceId);
    };
  }

  private async crawlTypes(
    checkpoint: RunCheckpoint,
    settings: SourceSettings,
    governor: PageSizeGovernor,
    client: FhirClient,
    sink: ResourceSink,
    onProgress?: (record: RunRecord) => void,
  ): Promise<void> {
    const { record, plan } = checkpoint;
    const crawler: TypeReader = isDirectorySource(record.sourceUrl)
      ? new NdjsonDirectoryReader(record.sourceUrl)
      : new TypeCrawler(client, record.sourceUrl);
    for (const type of PLAN_NET_TYPES) {
      const position = checkpoint.positions[type];
      if (position?.done) continue;
      // Spread over an empty record: a checkpoint written before a counter existed resumes with it at 0.
      const typeRecord = { ...emptyTypeRecord(), ...position?.record };
      record.types[type] = typeRecord;
      const firstUrl = firstPageUrl(record.sourceUrl, type, plan, governor.pageSize);
      await crawler.crawl(type, sink, {
        startUrl: position?.nextUrl ?? firstUrl,
        firstUrl,
        pageSize: () => governor.pageSize,
        onPageShape: this.watchPaging(record, type),
        maxPages: settings.maxPagesPerType,
        record: typeRecord,
        history: plan.mode === 'history',
        ...samplesInto(record),
        onPage: async ({ nextUrl }) => {
          checkpoint.positions[type] = { nextUrl, record: typeRecord, done: nextUrl === null };
          await this.checkpoints.save(checkpoint);
          onProgress?.(record);
        },
      });
      checkpoint.positions[type] = { nextUrl: null, record: typeRecord, done: true };
      await this.checkpoints.save(checkpoint);
    }
  }

  /** An export restarts from its kick-off when resumed: the server's job may be gone by then. */
  private async exportChanges(
    checkpoint: RunCheckpoint,
    settings: SourceSettings,
    client: FhirClient,
    sink: ResourceSink,
    deadline: Deadline,
  ): Promise<void> {
    const { record, plan } = checkpoint;
    record.types = {};
    await runBulkExport(client, record.sourceUrl, {
      since: plan.since!,
      types: PLAN_NET_TYPES,
      sink,
      deadline,
      exportOrigins: settings.exportOrigins,
      records: record.types,
      ...samplesInto(record),
    });
  }

  private liveSink(source: string): ResourceSink {
    const { store } = this.deps;
    return {
      put: (resources) => store.upsert(source, resources),
      // Incremental pages rarely use urn:uuid fullUrls; references are resolved by Type/id first.
      putAliases: async () => undefined,
      remove: (refs) => store.remove(source, refs),
    };
  }

  private async liveTotal(source: string): Promise<number> {
    return Object.values(await this.deps.store.counts(source)).reduce((sum, count) => sum + (count ?? 0), 0);
  }

  private async recordSuccess(sourceId: string, checkpoint: RunCheckpoint): Promise<void> {
    const previous = await readSyncState(this.deps.state, sourceId);
    await writeSyncState(this.deps.state, sourceId, {
      lastSuccessServerStart: checkpoint.serverStart,
      lastCompleteFullAt:
        checkpoint.plan.mode === 'full' && checkpoint.record.complete ? new Date().toISOString() : previous.lastCompleteFullAt,
    });
  }

  private async finish(record: RunRecord): Promise<void> {
    record.finishedAt = new Date().toISOString();
    const perType = Object.values(record.types);
    const summed = ['requests', 'pages', 'resources', 'bytes', 'retries', 'throttled', 'errors', 'quarantined', 'repaired', 'seconds'] as const;
    for (const field of summed) {
      record.totals[field] = perType.reduce((sum, type) => sum + type[field], 0);
    }
    record.totals.requests += record.probe?.requests ?? 0;
    if (record.mode !== 'full') {
      for (const field of ['added', 'updated', 'unchanged', 'deleted'] as const) {
        record.totals[field] = perType.reduce((sum, type) => sum + type[field], 0);
      }
    }
    record.requestsPerResource = record.totals.resources > 0 ? record.totals.requests / record.totals.resources : 0;
    this.deps.logger.info({ source: record.sourceId, run: record.id, status: record.status, totals: record.totals }, 'run finished');
    await this.deps.records.save(record);
  }
}

/**
 * The next run after an abandoned one carries on from its checkpoint as a run of its own, so the
 * abandoned record stays as it ended; its pages, counters and staged pass are taken over.
 */
function takeOver(checkpoint: RunCheckpoint): void {
  const { record } = checkpoint;
  const now = new Date();
  record.reason = `resumes abandoned run ${record.id} (${record.reason}); ${checkpoint.plan.reason}`;
  record.id = newRunId(now);
  record.startedAt = now.toISOString();
  record.finishedAt = null;
  record.status = 'running';
}

/** Keeps the first quarantined resources, and the first repaired ones of each type, on the run record. */
function samplesInto(record: RunRecord): Required<Pick<CrawlOptions, 'onQuarantine' | 'onRepair'>> {
  return {
    onQuarantine: (quarantined) => {
      if (record.quarantine.length < QUARANTINE_SAMPLE) record.quarantine.push(quarantined);
    },
    onRepair: (repaired) => {
      const ofType = record.repairs.filter((sample) => sample.type === repaired.type).length;
      if (ofType < REPAIR_SAMPLE_PER_TYPE) record.repairs.push(repaired);
    },
  };
}

function firstPageUrl(base: string, type: string, plan: RunPlan, pageSize: number): string {
  const count = `_count=${pageSize}`;
  if (plan.mode === 'history') return `${base}/${type}/_history?_since=${encodeURIComponent(plan.since!)}&${count}`;
  if (plan.mode === 'incremental') return `${base}/${type}?_lastUpdated=ge${encodeURIComponent(plan.since!)}&${count}`;
  return `${base}/${type}?${count}`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
