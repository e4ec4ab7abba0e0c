import { Inject, UseGuards } from '@nestjs/common';
import { Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IndexUpdateRecordStore } from '@pds/harvest';
import { SEARCH_INDEX, type SearchIndex } from '@pds/search';
import { AdminKeyGuard } from './admin-key.guard';
import { IndexStatus, IndexUpdateModel, toIndexUpdateModel } from './index-status.model';

/**
 * Admin: what the index serves, and how its last updates went. The update records are read only
 * when selected, so `indexStatus { documents }` needs nothing but the index.
 */
@Resolver(() => IndexStatus)
@UseGuards(AdminKeyGuard)
export class IndexStatusResolver {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @Inject(IndexUpdateRecordStore) private readonly updates: IndexUpdateRecordStore,
  ) {}

  @Query(() => IndexStatus)
  async indexStatus(): Promise<IndexStatus> {
    return this.index.stats();
  }

  @ResolveField(() => IndexUpdateModel, { nullable: true })
  async lastReindex(): Promise<IndexUpdateModel | null> {
    const record = await this.updates.lastReindex();
    return record && toIndexUpdateModel(record);
  }

  @ResolveField(() => IndexUpdateModel, { nullable: true })
  async lastCatchUp(): Promise<IndexUpdateModel | null> {
    const [newest] = await this.updates.catchUps();
    return newest ? toIndexUpdateModel(newest) : null;
  }

  @ResolveField(() => [IndexUpdateModel])
  async catchUps(): Promise<IndexUpdateModel[]> {
    return (await this.updates.catchUps()).map(toIndexUpdateModel);
  }
}
