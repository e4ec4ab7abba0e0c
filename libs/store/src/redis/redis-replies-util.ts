import type { ChainableCommander } from 'ioredis';

/** Runs a pipeline or MULTI and fails on the first failed command, which ioredis only reports in the replies. */
export async function execOrThrow(chain: ChainableCommander): Promise<unknown[]> {
  const replies = await chain.exec();
  if (replies === null) throw new Error('Redis discarded the transaction');
  for (const [error] of replies) if (error) throw error;
  return replies.map(([, result]) => result);
}
