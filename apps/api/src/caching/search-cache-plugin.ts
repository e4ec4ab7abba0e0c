import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { SearchIndex } from '@pds/search';
import type { OperationDefinitionNode } from 'graphql';

/** Root fields whose answers depend only on their arguments and the served index. */
const INDEX_READS = new Set(['searchProviders', 'suggest', 'provider', 'payers', 'networks', 'plans', 'specialties', 'languages', '__typename']);

/** How long one read of the index generation is reused: a stats() per request would cost a Meilisearch call. */
const GENERATION_TTL_MS = 1_000;

function readsOnlyTheIndex(operation: OperationDefinitionNode | undefined): boolean {
  if (operation?.operation !== 'query') return false;
  return operation.selectionSet.selections.every((selection) => selection.kind === 'Field' && INDEX_READS.has(selection.name.value));
}

/** Weak comparison (RFC 9110): `W/` does not matter, `*` matches anything. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === bare;
  });
}

/**
 * HTTP caching of search answers: `Cache-Control: public, max-age` and an ETag of the served index
 * generation, so a CDN or browser reuses them until the index changes; a GET whose If-None-Match
 * still matches gets 304 without running the search. Anything else (mutations, admin, errors)
 * is `no-store`. Headers are set once per response, not per field (Apollo's cache-control plugin
 * stays off: it wraps every resolver).
 */
export function searchCachePlugin(index: SearchIndex, maxAgeSeconds: number): ApolloServerPlugin {
  let generation: { etag: Promise<string>; at: number } | null = null;
  const currentETag = (): Promise<string> => {
    const now = Date.now();
    if (!generation || now - generation.at > GENERATION_TTL_MS) {
      const etag = index.stats().then(({ documents, updatedAt }) => `W/"${updatedAt?.getTime() ?? 0}-${documents}"`);
      generation = { etag, at: now };
      // A failed read is not kept: the next request asks again.
      etag.catch(() => (generation = null));
    }
    return generation.etag;
  };
  const cacheControl = maxAgeSeconds > 0 ? `public, max-age=${maxAgeSeconds}` : 'no-cache';

  const etagFor = async (context: GraphQLRequestContext<object>): Promise<string | null> =>
    readsOnlyTheIndex(context.operation) ? currentETag().catch(() => null) : null;

  return {
    async requestDidStart() {
      let etag: string | null = null;
      return {
        async responseForOperation(context) {
          etag = await etagFor(context);
          const { http } = context.request;
          if (!etag || http?.method !== 'GET' || !matches(http.headers.get('if-none-match'), etag)) return null;
          context.response.http.status = 304;
          return { http: context.response.http, body: { kind: 'single', singleResult: {} } };
        },
        async willSendResponse({ response }) {
          const failed = response.body.kind !== 'single' || Boolean(response.body.singleResult.errors?.length);
          if (!etag || failed) {
            response.http.headers.set('cache-control', 'no-store');
            return;
          }
          response.http.headers.set('cache-control', cacheControl);
          response.http.headers.set('etag', etag);
        },
      };
    },
  };
}
