import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { RunCounters, RunRecord } from '@pds/harvest';

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
}
registerEnumType(RunStatusValue, { name: 'RunStatus', description: 'HELD: waits for an admin to confirm or reject its deletions.' });

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

  @Field(() => Int)
  quarantined!: number;

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

  @Field(() => String, { nullable: true, description: 'Why it failed or is held.' })
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
  };
}
