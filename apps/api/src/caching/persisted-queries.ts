import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { OnApplicationShutdown } from '@nestjs/common';
import { ErrorsAreMissesCache, InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { AppConfig } from '@pds/config';
import { GraphQLError } from 'graphql';
import { RedisKeyValueCache } from './redis-key-value-cache.adapter';

/** `npm run build` writes the widget's queries beside its bundle: dist/widget. */
export const WIDGET_QUERIES_FILE = path.resolve(__dirname, '../../../../widget/persisted-queries.json');

export const sha256 = (query: string): string => createHash('sha256').update(query).digest('hex');

/** Reads a manifest of sha256 hash -> query, refusing an entry whose hash is not its query's. */
function readManifest(file: string): [string, string][] {
  const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new Error(`${file}: expected a JSON object of sha256 hash -> query`);
  return Object.entries(manifest).map(([hash, query]) => {
    if (typeof query !== 'string' || sha256(query) !== hash.toLowerCase()) throw new Error(`${file}: "${hash}" is not the sha256 (hex) of its query`);
    return [hash.toLowerCase(), query];
  });
}

/** The widget's queries and PERSISTED_QUERIES_FILE's, by hash: always answerable by hash alone. */
export function listedQueries(config: AppConfig): Map<string, string> {
  const widget = existsSync(WIDGET_QUERIES_FILE);
  if (!widget && config.PERSISTED_QUERIES_ONLY) throw new Error(`PERSISTED_QUERIES_ONLY: ${WIDGET_QUERIES_FILE} is missing; \`npm run build\` writes it`);
  const files = [widget ? WIDGET_QUERIES_FILE : null, config.PERSISTED_QUERIES_FILE].filter((file) => file != null);
  return new Map(files.flatMap(readManifest));
}

/**
 * The automatic-persisted-query store: listed queries first, then those clients registered, in
 * Redis when REDIS_URL is set (shared by replicas; an outage is a miss, the client resends the
 * query) and in memory otherwise.
 */
export class PersistedQueryStore implements KeyValueCache<string>, OnApplicationShutdown {
  private readonly registered: KeyValueCache<string>;
  private readonly redis: RedisKeyValueCache | null;

  constructor(
    private readonly listed: Map<string, string>,
    config: AppConfig,
  ) {
    this.redis = config.REDIS_URL ? new RedisKeyValueCache(config.REDIS_URL, `${config.REDIS_PREFIX}:apq:`) : null;
    this.registered = this.redis ? new ErrorsAreMissesCache(this.redis) : new InMemoryLRUCache<string>({ maxSize: 8 * 1024 * 1024 });
  }

  async get(hash: string): Promise<string | undefined> {
    return this.listed.get(hash) ?? (await this.registered.get(hash));
  }

  async set(hash: string, query: string, options?: { ttl?: number | null }): Promise<void> {
    if (!this.listed.has(hash)) await this.registered.set(hash, query, options);
  }

  async delete(hash: string): Promise<boolean | void> {
    return this.registered.delete(hash);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close();
  }
}

/** With PERSISTED_QUERIES_ONLY: refuses, before execution, a query that is not listed. */
export function persistedQueriesOnlyPlugin(listed: Map<string, string>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (listed.has(queryHash)) return;
          throw new GraphQLError(
            'This API serves only persisted queries (PERSISTED_QUERIES_ONLY): the widget\'s and those its operator listed in PERSISTED_QUERIES_FILE. Send one of those, by its sha256 hash (extensions.persistedQuery) or as its exact text.',
            { extensions: { code: 'PERSISTED_QUERY_NOT_LISTED', http: { status: 400 } } },
          );
        },
      };
    },
  };
}
