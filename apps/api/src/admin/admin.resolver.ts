import { createHash } from 'node:crypto';
import { Inject, UseGuards } from '@nestjs/common';
import { Args, Field, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from '@pds/config';
import { InvalidSourceError, isDirectorySource, normalizeSourceUrl } from '@pds/harvest';
import { JOB_QUEUE, JobName, type JobQueue } from '@pds/jobs';
import { SEARCH_INDEX, type SearchIndex } from '@pds/search';
import { userInputError } from '../providers/user-input.error';
import { AdminKeyGuard } from './admin-key.guard';

@ObjectType()
export class IndexStatus {
  @Field(() => Int)
  documents!: number;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}

@Resolver()
@UseGuards(AdminKeyGuard)
export class AdminResolver {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Mutation(() => String, {
    description: 'Queues a harvest of the given FHIR base URLs (default: SOURCES), then a rebuild; returns the job id.',
  })
  async harvest(@Args('sources', { type: () => [String], nullable: true }) sources: string[] | null): Promise<string> {
    const requested = sources && sources.length > 0 ? sources : this.config.SOURCES;
    if (requested.length === 0) throw userInputError('sources: none given and SOURCES is empty; pass FHIR base URLs');
    const given = sources && sources.length > 0;
    let urls: string[];
    try {
      urls = [...new Set(requested.map(normalizeSourceUrl))].sort();
    } catch (error) {
      if (error instanceof InvalidSourceError) throw userInputError(`sources: ${error.message}`);
      throw error;
    }
    // A caller over HTTP must not make the server read its own disk; local directories come from SOURCES or the CLI.
    const local = given ? urls.find(isDirectorySource) : undefined;
    if (local) throw userInputError(`sources: ${local} is a local directory; accepted here: http or https FHIR base URLs`);
    // The same sources map to the same job id, so a repeated click while one runs is a no-op.
    const jobId = `harvest-${createHash('sha1').update(urls.join('\n')).digest('hex').slice(0, 16)}`;
    return this.queue.enqueue(JobName.Harvest, { sources: urls }, { jobId });
  }

  @Mutation(() => String, { description: 'Queues a rebuild of the index from stored resources; returns the job id.' })
  async reindex(): Promise<string> {
    return this.queue.enqueue(JobName.Reindex, {}, { jobId: 'reindex' });
  }

  @Query(() => IndexStatus)
  async indexStatus(): Promise<IndexStatus> {
    return this.index.stats();
  }
}
