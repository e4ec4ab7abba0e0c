import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { IndexUpdateRecord } from '@pds/harvest';

export enum IndexUpdateKindValue {
  REINDEX = 'reindex',
  CATCH_UP = 'catch_up',
}
registerEnumType(IndexUpdateKindValue, {
  name: 'IndexUpdateKind',
  valuesMap: {
    REINDEX: { description: 'The whole index rebuilt from the stored resources (the `reindex` job).' },
    CATCH_UP: { description: "One source's documents brought up to date after its harvest run." },
  },
});

export enum IndexUpdateStatusValue {
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}
registerEnumType(IndexUpdateStatusValue, {
  name: 'IndexUpdateStatus',
  valuesMap: {
    RUNNING: {
      description:
        'Under way, or its process was killed: a reindex left RUNNING by a dead process is marked FAILED ("interrupted: ...") ' +
        "at the next start of a process that runs jobs; a catch-up's is replaced by the next catch-up. Judge by startedAt.",
    },
    SUCCEEDED: { description: 'Done; the counts say what it did.' },
    FAILED: { description: 'The index kept serving what it served before; reason says why (e.g. ENOSPC).' },
  },
});

@ObjectType('IndexUpdate', {
  description: 'One update of the search index, as recorded by the process that ran it. Counts are null unless it SUCCEEDED.',
})
export class IndexUpdateModel {
  @Field(() => IndexUpdateKindValue)
  kind!: IndexUpdateKindValue;

  @Field(() => IndexUpdateStatusValue)
  status!: IndexUpdateStatusValue;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Why it FAILED: the error's message, or that its process stopped." })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'CATCH_UP: the source key (base URL or directory) caught up.' })
  source!: string | null;

  @Field(() => ID, { nullable: true, description: "CATCH_UP: the source's id, to which its documents' ids are scoped." })
  sourceId!: string | null;

  @Field(() => Float, { nullable: true })
  seconds!: number | null;

  @Field(() => Int, { nullable: true, description: 'REINDEX: stored sources indexed.' })
  sources!: number | null;

  @Field(() => Int, { nullable: true, description: 'REINDEX: provider roles (and facility owners) built.' })
  roles!: number | null;

  @Field(() => Int, { nullable: true, description: 'REINDEX: documents in the new index.' })
  documents!: number | null;

  @Field(() => Int, { nullable: true, description: 'CATCH_UP: distinct changed resources read from the change journal.' })
  refsRead!: number | null;

  @Field(() => Int, { nullable: true, description: 'CATCH_UP: roles whose inputs changed and were rebuilt.' })
  rolesRebuilt!: number | null;

  @Field(() => Int, { nullable: true, description: 'CATCH_UP: documents written.' })
  documentsUpserted!: number | null;

  @Field(() => Int, { nullable: true, description: 'CATCH_UP: documents removed.' })
  documentsRemoved!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'CATCH_UP: the source had no baseline here and was indexed whole.' })
  whole!: boolean | null;
}

@ObjectType()
export class IndexStatus {
  @Field(() => Int)
  documents!: number;

  @Field(() => Date, { nullable: true, description: 'When the served index generation was committed.' })
  updatedAt!: Date | null;

  @Field(() => IndexUpdateModel, { nullable: true, description: 'The last rebuild of the whole index (the `reindex` job); null before the first.' })
  lastReindex?: IndexUpdateModel | null;

  @Field(() => IndexUpdateModel, { nullable: true, description: "The newest of the sources' catch-ups (see catchUps); null before the first." })
  lastCatchUp?: IndexUpdateModel | null;

  @Field(() => [IndexUpdateModel], {
    description: 'Each source\'s last catch-up, newest first. A source whose last one FAILED serves its documents as they were until its next run.',
  })
  catchUps?: IndexUpdateModel[];
}

export function toIndexUpdateModel(record: IndexUpdateRecord): IndexUpdateModel {
  const reindex = record.kind === 'reindex' ? record.stats : null;
  const catchUp = record.kind === 'catch_up' ? record.stats : null;
  return {
    kind: record.kind as IndexUpdateKindValue,
    status: record.status as IndexUpdateStatusValue,
    startedAt: new Date(record.startedAt),
    finishedAt: record.finishedAt ? new Date(record.finishedAt) : null,
    reason: record.reason,
    source: record.kind === 'catch_up' ? record.source : null,
    sourceId: record.kind === 'catch_up' ? record.sourceId : null,
    seconds: record.stats?.seconds ?? null,
    sources: reindex?.sources ?? null,
    roles: reindex?.roles ?? null,
    documents: reindex?.documents ?? null,
    refsRead: catchUp?.refsRead ?? null,
    rolesRebuilt: catchUp?.rolesRebuilt ?? null,
    documentsUpserted: catchUp?.documentsUpserted ?? null,
    documentsRemoved: catchUp?.documentsRemoved ?? null,
    whole: catchUp?.whole ?? null,
  };
}
