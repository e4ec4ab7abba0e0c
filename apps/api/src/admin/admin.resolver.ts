import { createHash } from 'node:crypto';
import { Inject, UseGuards } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from '@pds/config';
import { assertPublicTarget, PrivateTargetError } from '@pds/fhir';
import { InvalidSourceError, normalizeHttpSourceUrl, normalizeSourceUrl } from '@pds/harvest';
import { JOB_QUEUE, JobName, type JobQueue } from '@pds/jobs';
import { userInputError } from '../providers/user-input.error';
import { AdminKeyGuard } from './admin-key.guard';

@Resolver()
@UseGuards(AdminKeyGuard)
export class AdminResolver {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Mutation(() => String, {
    description: 'Queues a harvest of the given FHIR base URLs (default: SOURCES), then a rebuild; returns the job id.',
  })
  async harvest(@Args('sources', { type: () => [String], nullable: true }) sources: string[] | null): Promise<string> {
    if (!sources?.length && this.config.SOURCES.length === 0) {
      throw userInputError('sources: none given and SOURCES is empty; pass FHIR base URLs');
    }
    const urls = [...new Set(sources?.length ? await this.givenUrls(sources) : this.configuredUrls())].sort();
    // The same sources map to the same job id, so a repeated click while one runs is a no-op.
    const jobId = `harvest-${createHash('sha1').update(urls.join('\n')).digest('hex').slice(0, 16)}`;
    return this.queue.enqueue(JobName.Harvest, { sources: urls }, { jobId });
  }

  /** SOURCES, which may name local directories: the operator set them. */
  private configuredUrls(): string[] {
    try {
      return this.config.SOURCES.map(normalizeSourceUrl);
    } catch (error) {
      if (error instanceof InvalidSourceError) throw userInputError(`SOURCES: ${error.message}`);
      throw error;
    }
  }

  /**
   * A caller's URLs: http(s) only, refused before anything touches the disk (a local directory
   * comes from SOURCES or the CLI, and a caller over HTTP must not learn which exist), and, unless
   * ALLOW_PRIVATE_SOURCES, only where they resolve to public addresses.
   */
  private async givenUrls(sources: string[]): Promise<string[]> {
    const urls: string[] = [];
    for (const source of sources) {
      try {
        urls.push(normalizeHttpSourceUrl(source));
        if (!this.config.ALLOW_PRIVATE_SOURCES && !this.config.SOURCES.includes(source)) await assertPublicTarget(source);
      } catch (error) {
        if (error instanceof InvalidSourceError) {
          throw userInputError(`sources: "${source}" is not an http or https URL. Expected a FHIR base URL such as https://payer.example/fhir`);
        }
        if (error instanceof PrivateTargetError) throw userInputError(`sources: ${source}: ${error.message}`);
        throw error;
      }
    }
    return urls;
  }

  @Mutation(() => String, {
    description: 'Queues a rebuild of the index from stored resources; returns the job id. indexStatus.lastReindex tells how it went.',
  })
  async reindex(): Promise<string> {
    return this.queue.enqueue(JobName.Reindex, {}, { jobId: 'reindex' });
  }
}
