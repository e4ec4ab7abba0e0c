import type { PlanNetType } from '@pds/fhir';

export interface TypeHarvestReport {
  resources: number;
  pages: number;
  requests: number;
  bytes: number;
  quarantined: number;
  /** `Bundle.total` from the first page, when the server gave one. */
  serverTotal: number | null;
}

export interface SourceHarvestReport {
  source: string;
  ok: boolean;
  /** Why the run failed, naming the request that failed; null when ok. */
  error: string | null;
  types: Partial<Record<PlanNetType, TypeHarvestReport>>;
  seconds: number;
}

export interface HarvestRunReport {
  sources: SourceHarvestReport[];
  /** Documents in the index after the run's rebuild; null when no rebuild ran. */
  documentsIndexed: number | null;
  seconds: number;
}
