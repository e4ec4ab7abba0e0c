import { isPlanNetType, type PlanNetType } from '@pds/fhir';
import { newRunId } from './run-id';
import {
  emptyCounters,
  type QuarantinedResource,
  type RunCounters,
  type RunMode,
  type RunRecord,
  type RunStatus,
  type TypeRunRecord,
} from './run-record';
import { RunProgressWriter, type RunProgressWriterOptions } from './run-progress.writer';

export interface RunReporterOptions extends RunProgressWriterOptions {
  /** Quarantined resources kept with their reason in the record; default 50 (all are counted). */
  quarantineSample?: number;
}

export interface RunStart {
  sourceId: string;
  sourceUrl: string;
  mode: RunMode;
}

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  /** Why it failed or is held. */
  reason?: string | null;
  /** Default: at least one type was crawled and every type crawled is complete. */
  complete?: boolean;
}

/**
 * Builds one run's record as a harvester works: counters per type and in total, the quarantine
 * sample, the outcome; a RunProgressWriter persists, logs and reports it (debounced while running).
 */
export class RunReporter {
  private readonly state: RunRecord;
  private readonly started = performance.now();
  private readonly sampleSize: number;
  private readonly writer: RunProgressWriter;

  private constructor(options: RunReporterOptions, start: RunStart) {
    this.writer = new RunProgressWriter(options);
    this.sampleSize = options.quarantineSample ?? 50;
    const now = new Date();
    this.state = {
      id: newRunId(now),
      ...start,
      status: 'running',
      startedAt: now.toISOString(),
      finishedAt: null,
      reason: null,
      complete: false,
      types: {},
      totals: emptyCounters(),
      requestsPerResource: 0,
      quarantine: [],
    };
  }

  /** Creates the run's record (status `running`) and writes it at once, so admins see the run start. */
  static async start(options: RunReporterOptions, start: RunStart): Promise<RunReporter> {
    const reporter = new RunReporter(options, start);
    await reporter.writer.write(reporter.state);
    return reporter;
  }

  /** A copy of the record as it stands. */
  get record(): RunRecord {
    return structuredClone(this.state);
  }

  /** Adds to a type's counters and to the totals (`seconds` included: the type's crawl time). */
  count(type: PlanNetType, delta: Partial<RunCounters>): void {
    const counters = this.type(type);
    for (const [name, value] of Object.entries(delta) as [keyof RunCounters, number][]) {
      counters[name] += value;
      if (name !== 'seconds') this.state.totals[name] += value;
    }
    this.changed();
  }

  /** Sets what the crawler learned about a type: the server's total, and whether it reached the last page. */
  markType(type: PlanNetType, fields: Partial<Pick<TypeRunRecord, 'complete' | 'serverTotal'>>): void {
    Object.assign(this.type(type), fields);
    this.changed();
  }

  /** Counts a quarantined resource under its type and keeps the first few with their reasons. */
  quarantine(resource: QuarantinedResource): void {
    if (this.state.quarantine.length < this.sampleSize) this.state.quarantine.push(resource);
    if (isPlanNetType(resource.type)) this.count(resource.type, { quarantined: 1 });
    else {
      this.state.totals.quarantined += 1;
      this.changed();
    }
  }

  /** Ends the run: sets the outcome, writes the record, logs it, and returns the final record. */
  async finish(outcome: RunOutcome): Promise<RunRecord> {
    const types = Object.values(this.state.types);
    const { totals } = this.state;
    Object.assign(this.state, {
      status: outcome.status,
      reason: outcome.reason ?? null,
      complete: outcome.complete ?? (types.length > 0 && types.every((type) => type.complete)),
      finishedAt: new Date().toISOString(),
    });
    totals.seconds = (performance.now() - this.started) / 1000;
    // 0 when nothing was stored: there is no cost per resource to speak of.
    this.state.requestsPerResource = totals.resources > 0 ? totals.requests / totals.resources : 0;
    await this.writer.finish(this.state);
    return this.record;
  }

  private type(type: PlanNetType): TypeRunRecord {
    return (this.state.types[type] ??= { ...emptyCounters(), complete: false, serverTotal: null });
  }

  private changed(): void {
    this.writer.update(this.state);
  }
}
