import { Inject, UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type SourceSettings, SourceRegistry } from '@pds/harvest';
import { JOB_QUEUE, JobName, type JobQueue } from '@pds/jobs';
import { SourcesService } from '@pds/runtime';
import { userInputError } from '../providers/user-input.error';
import { asUserInput } from './admin-input.error';
import { AdminKeyGuard } from './admin-key.guard';
import { HarvestModeValue } from './run.model';
import { SourceInput, SourceModel, toSourceModel } from './source.model';

/** Admin: the sources, their settings and status, their schedules, and runs on demand. */
@Resolver(() => SourceModel)
@UseGuards(AdminKeyGuard)
export class SourcesResolver {
  constructor(
    @Inject(SourceRegistry) private readonly registry: SourceRegistry,
    @Inject(SourcesService) private readonly service: SourcesService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Query(() => [SourceModel], { description: 'Every source with its status, by id.' })
  async sources(): Promise<SourceModel[]> {
    return Promise.all((await this.registry.list()).map((settings) => this.model(settings)));
  }

  @Query(() => SourceModel, { nullable: true })
  async source(@Args('id', { type: () => ID }) id: string): Promise<SourceModel | null> {
    const settings = await this.registry.get(id);
    return settings ? this.model(settings) : null;
  }

  @Mutation(() => SourceModel, { description: 'Creates or edits a source and brings its schedule in step.' })
  async upsertSource(@Args('input') input: SourceInput): Promise<SourceModel> {
    const { headers, ...fields } = input;
    const settings = await asUserInput(() =>
      this.service.upsert({ ...fields, headers: headers && Object.fromEntries(headers.map(({ name, value }) => [name, value])) }),
    );
    return this.model(settings);
  }

  @Mutation(() => Boolean, { description: 'Forgets a source and its schedule (its run records stay); false if unknown.' })
  async removeSource(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.remove(id);
  }

  @Mutation(() => SourceModel, { description: 'Stops scheduled and requested runs of the source until resumed.' })
  async pauseSource(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
  ): Promise<SourceModel> {
    await asUserInput(() => this.registry.pause(id, reason || 'paused by an admin'));
    return this.model(await this.registry.require(id));
  }

  @Mutation(() => SourceModel, { description: 'Unpauses the source and forgets its past failures.' })
  async resumeSource(@Args('id', { type: () => ID }) id: string): Promise<SourceModel> {
    await asUserInput(() => this.registry.resume(id));
    return this.model(await this.registry.require(id));
  }

  @Mutation(() => String, {
    description: 'Queues a run of the source (without mode the harvester picks full or incremental); returns the job id.',
  })
  async harvestSource(
    @Args('id', { type: () => ID }) id: string,
    @Args('mode', { type: () => HarvestModeValue, nullable: true }) mode: HarvestModeValue | null,
  ): Promise<string> {
    const settings = await asUserInput(() => this.registry.require(id));
    if (!settings.enabled) throw userInputError(`source "${id}" is disabled; enable it with upsertSource first`);
    if (await this.registry.isPaused(id)) throw userInputError(`source "${id}" is paused; resumeSource first`);
    // One job id per source: a second click while a run waits or runs is a no-op.
    return this.queue.enqueue(JobName.HarvestSource, { sourceId: id, ...(mode ? { mode } : {}) }, { jobId: `harvest-${id}` });
  }

  private async model(settings: SourceSettings): Promise<SourceModel> {
    return toSourceModel(settings, await this.registry.status(settings.id));
  }
}
