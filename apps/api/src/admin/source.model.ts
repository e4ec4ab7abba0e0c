import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { SourceSettings, SourceStatus } from '@pds/harvest';

@ObjectType('SourceStatus', { description: 'What the harvester knows about a source between runs.' })
export class SourceStatusModel {
  @Field({ description: 'Neither scheduled nor harvested until resumed.' })
  paused!: boolean;

  @Field(() => String, { nullable: true })
  pausedReason!: string | null;

  @Field(() => Int, { description: 'Failed runs since the last successful one.' })
  consecutiveFailures!: number;

  @Field(() => String, { nullable: true })
  lastRunId!: string | null;

  @Field(() => Date, { nullable: true, description: 'End of the last full run that reached every last page.' })
  lastCompleteFullAt!: Date | null;
}

@ObjectType('Source', { description: 'A payer FHIR endpoint with its own harvest settings.' })
export class SourceModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  baseUrl!: string;

  @Field(() => [String], { description: 'Names of the headers sent with each request; values (API keys) are never shown.' })
  headerNames!: string[];

  @Field(() => Int)
  pageSize!: number;

  @Field(() => Float)
  requestsPerSecond!: number;

  @Field(() => Int)
  concurrency!: number;

  @Field(() => Int)
  timeoutMs!: number;

  @Field(() => String, { nullable: true, description: 'Cron pattern of scheduled runs; null: on demand only.' })
  schedule!: string | null;

  @Field(() => Float)
  fullEveryDays!: number;

  @Field(() => Float)
  maxDeleteShare!: number;

  @Field(() => Int)
  pauseAfterFailures!: number;

  @Field()
  enabled!: boolean;

  @Field(() => [String], { description: 'Origins besides its own that a bulk export may send the harvester to; never sent its headers.' })
  exportOrigins!: string[];

  @Field(() => Int)
  maxAnswerMb!: number;

  @Field(() => Int)
  maxDownloadMb!: number;

  @Field(() => Int)
  maxDownloadMinutes!: number;

  @Field(() => Int)
  maxRunMinutes!: number;

  @Field(() => Int)
  maxPagesPerType!: number;

  @Field(() => SourceStatusModel)
  status!: SourceStatusModel;
}

export function toSourceModel(settings: SourceSettings, status: SourceStatus): SourceModel {
  const { headers, ...rest } = settings;
  return {
    ...rest,
    headerNames: Object.keys(headers).sort(),
    status: { ...status, lastCompleteFullAt: status.lastCompleteFullAt ? new Date(status.lastCompleteFullAt) : null },
  };
}

@InputType()
export class HeaderInput {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@InputType({
  description:
    'Creates a source or edits one: fields left out keep their value (defaults for a new source; its name defaults to ' +
    'the host of baseUrl); schedule: null clears the schedule; headers, when given, replace all headers.',
})
export class SourceInput {
  @Field(() => ID, { description: 'Lower-case letters, digits and -, at most 63 characters.' })
  id!: string;

  @Field({ nullable: true })
  name?: string;

  @Field({ nullable: true, description: 'http or https FHIR base URL. Required for a new source.' })
  baseUrl?: string;

  @Field(() => [HeaderInput], { nullable: true })
  headers?: HeaderInput[];

  @Field(() => Int, { nullable: true, description: '1 to 1000; default 100.' })
  pageSize?: number;

  @Field(() => Float, { nullable: true, description: 'Above 0, at most 100; default 5.' })
  requestsPerSecond?: number;

  @Field(() => Int, { nullable: true, description: '1 to 16; default 2.' })
  concurrency?: number;

  @Field(() => Int, { nullable: true, description: '1000 to 300000; default 30000.' })
  timeoutMs?: number;

  @Field(() => String, { nullable: true, description: 'Cron pattern (`0 3 * * *`; 6 fields: seconds first); null: on demand only.' })
  schedule?: string | null;

  @Field(() => Float, { nullable: true, description: 'Above 0, at most 365; default 7.' })
  fullEveryDays?: number;

  @Field(() => Float, { nullable: true, description: '0 to 1; default 0.02.' })
  maxDeleteShare?: number;

  @Field(() => Int, { nullable: true, description: '1 to 100; default 5.' })
  pauseAfterFailures?: number;

  @Field({ nullable: true, description: 'Default true.' })
  enabled?: boolean;

  @Field(() => [String], {
    nullable: true,
    description: 'At most 10 http(s) origins (https://files.payer.example) a bulk export may point at; default none.',
  })
  exportOrigins?: string[];

  @Field(() => Int, { nullable: true, description: 'Cap of one answer (page, manifest) after decompression, 1 to 1024 MB; default 64.' })
  maxAnswerMb?: number;

  @Field(() => Int, { nullable: true, description: 'Cap of one bulk export file after decompression, 1 to 65536 MB; default 4096.' })
  maxDownloadMb?: number;

  @Field(() => Int, { nullable: true, description: 'Longest one download may take, 1 to 1440 minutes; default 60.' })
  maxDownloadMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Longest a run may take from its start, 1 to 10080 minutes; default 360.' })
  maxRunMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Pages per type when the server gives no total, 1 to 10000000; default 100000.' })
  maxPagesPerType?: number;
}
