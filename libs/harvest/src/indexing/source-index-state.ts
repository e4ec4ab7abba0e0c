import type { PlanLinks } from '@pds/directory';
import type { StateStore } from '@pds/store';

/**
 * What a source's incremental updates need beyond the per-role ledger, small enough for
 * one StateStore value: facts whose change reaches roles that never read the changed resource.
 */
export interface SourceCoverage {
  /**
   * The source id the documents' network, plan, payer and organization ids were scoped to;
   * absent in coverage recorded before ids were scoped. A change means every document is stale.
   */
  sourceId?: string;
  /** Per InsurancePlan id, the networks and payers it was joined through at the last build. */
  plans: Record<string, PlanLinks>;
  /** The points screened as placeholders at the last build. */
  placeholderPoints: string[];
}

const CURSOR = 'index-cursor';
const COVERAGE = 'index-coverage';

/** A source key as one state-key segment: encodeURIComponent leaves `!'()*`, which keys refuse. */
export function sourceKeySegment(source: string): string {
  return encodeURIComponent(source).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Per-source indexing state in the StateStore: the journal cursor (`index-cursor/<source>`) and the coverage. */
export class SourceIndexState {
  constructor(private readonly state: StateStore) {}

  /** The journal sequence the index has caught up to, or null when the source was never indexed here. */
  cursor(source: string): Promise<number | null> {
    return this.state.get<number>(`${CURSOR}/${sourceKeySegment(source)}`);
  }

  setCursor(source: string, sequence: number): Promise<void> {
    return this.state.set(`${CURSOR}/${sourceKeySegment(source)}`, sequence);
  }

  coverage(source: string): Promise<SourceCoverage | null> {
    return this.state.get<SourceCoverage>(`${COVERAGE}/${sourceKeySegment(source)}`);
  }

  setCoverage(source: string, coverage: SourceCoverage): Promise<void> {
    return this.state.set(`${COVERAGE}/${sourceKeySegment(source)}`, coverage);
  }

  /** Sources with a cursor, decoded. */
  async sources(): Promise<string[]> {
    return (await this.state.list(CURSOR)).map((key) => decodeURIComponent(key.slice(CURSOR.length + 1)));
  }

  async forget(source: string): Promise<void> {
    await this.state.delete(`${COVERAGE}/${sourceKeySegment(source)}`);
    await this.state.delete(`${CURSOR}/${sourceKeySegment(source)}`);
  }
}
