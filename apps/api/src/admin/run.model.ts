import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { RunCounters, RunRecord, SourceCapabilities } from '@pds/harvest';

export enum RunModeValue {
  FULL = 'full',
  INCREMENTAL = 'incremental',
  HISTORY = 'history',
  EXPORT = 'export',
}
registerEnumType(RunModeValue, { name: 'RunMode' });

export enum RunStatusValue {
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
  HELD = 'held',
  REJECTED = 'rejected',
  ABANDONED = 'abandoned',
}
registerEnumType(RunStatusValue, {
  name: 'RunStatus',
  description:
    'HELD: waits for an admin to confirm or reject its deletions. ABANDONED: its process died and its job failed for good or is gone; ' +
    "the checkpoint stays, and the source's next run resumes from it.",
});

/** A mode an admin may ask for; without one the harvester picks. */
export enum HarvestModeValue {
  FULL = 'full',
  INCREMENTAL = 'incremental',
}
registerEnumType(HarvestModeValue, { name: 'HarvestMode' });

@ObjectType()
export class RunCountersModel implements RunCounters {
  @Field(() => Int)
  requests!: number;

  @Field(() => Int)
  pages!: number;

  @Field(() => Int)
  resources!: number;

  @Field(() => Float, { description: 'Response bytes; Float as it may exceed 32 bits.' })
  bytes!: number;

  @Field(() => Int)
  added!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  deleted!: number;

  @Field(() => Int)
  retries!: number;

  @Field(() => Int, { description: 'Answers 429 Too Many Requests.' })
  throttled!: number;

  @Field(() => Int)
  errors!: number;

  @Field(() => Int, { description: 'Resources that could not be understood (no id, another type, not JSON): not stored.' })
  quarantined!: number;

  @Field(() => Int, {
    description: 'Resources stored after a JSON type was repaired where the meaning was plain (a number where FHIR wants a string, ...).',
  })
  repaired!: number;

  @Field(() => Float)
  seconds!: number;
}

@ObjectType()
export class TypeRun extends RunCountersModel {
  @Field({ description: 'FHIR resource type.' })
  type!: string;

  @Field({ description: 'Reached its last page with no cap, cycle or refused link, and fetched >= Bundle.total.' })
  complete!: boolean;

  @Field(() => Int, { nullable: true, description: 'Bundle.total of the first page, when the server gave one.' })
  serverTotal!: number | null;

  @Field(() => Int, {
    description: 'Times a next link had expired (410, or 404 with an OperationOutcome) and the type was crawled again from its first page.',
  })
  cursorExpired!: number;

  @Field(() => String, { nullable: true, description: 'What the server answered to the last expired next link, and where.' })
  cursorExpiredReason!: string | null;
}

@ObjectType()
export class QuarantinedResource {
  @Field()
  type!: string;

  @Field(() => String, { nullable: true })
  id!: string | null;

  @Field()
  reason!: string;
}

@ObjectType()
export class RepairedResource {
  @Field()
  type!: string;

  @Field()
  id!: string;

  @Field(() => [String], { description: 'What was repaired, where, and what it became.' })
  reasons!: string[];
}

@ObjectType('SourceProbe', { description: "What the probe before a run found: the source's search methods, clock and page size." })
export class SourceProbeModel implements SourceCapabilities {
  @Field({ description: 'Supports `_lastUpdated` searches (incremental windows).' })
  lastUpdated!: boolean;

  @Field({ description: 'Supports type-level `_history` on every Plan-Net type (sees deletions).' })
  history!: boolean;

  @Field({ description: 'Supports bulk `$export`.' })
  export!: boolean;

  @Field({ description: 'Supports `_sort`.' })
  sort!: boolean;

  @Field(() => String, { nullable: true, description: "The server's clock (Date header), on which incremental windows are anchored." })
  serverTime!: string | null;

  @Field(() => Float, { nullable: true, description: 'Server clock minus ours, in ms.' })
  clockSkewMs!: number | null;

  @Field(() => Int, { description: 'The `_count` asked for.' })
  requestedPageSize!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Entries a page really held for that `_count` (less when the server caps it); null when one page held the whole type.',
  })
  effectivePageSize!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'When (ISO 8601) effectivePageSize was measured: by this run, or by an earlier one whose measurement it reused (only full passes measure again).',
  })
  pageSizeMeasuredAt!: string | null;

  @Field(() => String, { nullable: true, description: "How this run's pages differed from the measured page size; the next run measures again." })
  pagingChanged!: string | null;

  @Field(() => Int, { description: 'Requests the probe sent; counted in the run totals.' })
  requests!: number;
}

@ObjectType('Run', { description: 'One run of one source: what it fetched and changed, and why it ended as it did.' })
export class RunModel {
  @Field(() => ID)
  id!: string;

  @Field()
  sourceId!: string;

  @Field()
  sourceUrl!: string;

  @Field(() => RunModeValue)
  mode!: RunModeValue;

  @Field(() => RunStatusValue)
  status!: RunStatusValue;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it failed, is held or was abandoned.' })
  reason!: string | null;

  @Field({ description: 'Every type complete: only then may a full run delete what it did not see.' })
  complete!: boolean;

  @Field(() => RunCountersModel)
  totals!: RunCountersModel;

  @Field(() => [TypeRun], { description: 'Counters per resource type, by type name.' })
  types!: TypeRun[];

  @Field(() => Float, { description: 'Requests per stored resource: the cost of the run for the payer.' })
  requestsPerResource!: number;

  @Field(() => [QuarantinedResource], { description: 'The first quarantined resources with reasons; all are counted.' })
  quarantine!: QuarantinedResource[];

  @Field(() => [RepairedResource], { description: 'The first repaired resources of each type with reasons; all are counted.' })
  repairs!: RepairedResource[];

  @Field(() => SourceProbeModel, { nullable: true, description: 'What the probe before the run found; null for a local directory.' })
  probe!: SourceProbeModel | null;
}

export function toRunModel(run: RunRecord): RunModel {
  return {
    ...run,
    mode: run.mode as RunModeValue,
    status: run.status as RunStatusValue,
    startedAt: new Date(run.startedAt),
    finishedAt: run.finishedAt ? new Date(run.finishedAt) : null,
    types: Object.entries(run.types)
      .flatMap(([type, counters]) => (counters ? [{ type, ...counters }] : []))
      .sort((a, b) => a.type.localeCompare(b.type)),
    probe: run.probe ?? null,
  };
}
