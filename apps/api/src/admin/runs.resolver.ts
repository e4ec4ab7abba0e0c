import { Inject, UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RunRecordStore } from '@pds/harvest';
import { JOB_QUEUE, JobName, type JobQueue } from '@pds/jobs';
import { userInputError } from '../providers/user-input.error';
import { AdminKeyGuard } from './admin-key.guard';
import { RunModel, toRunModel } from './run.model';

const MAX_RUNS = 100;

/** Admin: run records per source, and the decisions on runs held for deleting too much. */
@Resolver(() => RunModel)
@UseGuards(AdminKeyGuard)
export class RunsResolver {
  constructor(
    @Inject(RunRecordStore) private readonly store: RunRecordStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Query(() => [RunModel], { description: `The source's latest runs, newest first; first is 1 to ${MAX_RUNS}.` })
  async runs(
    @Args('sourceId', { type: () => ID }) sourceId: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
  ): Promise<RunModel[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_RUNS) throw userInputError(`first: accepted 1 to ${MAX_RUNS}`);
    return (await this.store.latest(sourceId, first)).map(toRunModel);
  }

  @Query(() => RunModel, { nullable: true })
  async run(@Args('sourceId', { type: () => ID }) sourceId: string, @Args('id', { type: () => ID }) id: string): Promise<RunModel | null> {
    const run = await this.store.get(sourceId, id);
    return run ? toRunModel(run) : null;
  }

  @Query(() => [RunModel], { description: 'Runs waiting for an admin to confirm or reject their deletions, oldest first.' })
  async heldRuns(): Promise<RunModel[]> {
    return (await this.store.held()).map(toRunModel);
  }

  @Mutation(() => String, { description: "Queues applying a held run's deletions; returns the job id." })
  async confirmHeldRun(
    @Args('sourceId', { type: () => ID }) sourceId: string,
    @Args('runId', { type: () => ID }) runId: string,
  ): Promise<string> {
    await this.requireHeld(sourceId, runId);
    return this.queue.enqueue(JobName.ConfirmHeldRun, { sourceId, runId }, { jobId: `confirm-${sourceId}-${runId}` });
  }

  @Mutation(() => String, { description: "Queues dropping a held run's deletions (nothing is deleted); returns the job id." })
  async rejectHeldRun(
    @Args('sourceId', { type: () => ID }) sourceId: string,
    @Args('runId', { type: () => ID }) runId: string,
  ): Promise<string> {
    await this.requireHeld(sourceId, runId);
    return this.queue.enqueue(JobName.RejectHeldRun, { sourceId, runId }, { jobId: `reject-${sourceId}-${runId}` });
  }

  private async requireHeld(sourceId: string, runId: string): Promise<void> {
    const run = await this.store.get(sourceId, runId);
    if (run?.status !== 'held') {
      throw userInputError(`no held run ${runId} of source ${sourceId}; heldRuns lists the runs waiting for a decision`);
    }
  }
}
