import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .pipe(z.url().optional())
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(fallback)
    .transform((value) => value === 'true');

/** Every variable the service reads; README's configuration table mirrors this schema. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  SOURCES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((source) => source.trim())
        .filter(Boolean),
    ),
  /** A JSON array of source settings; read (and each entry validated) at start. */
  SOURCES_FILE: z
    .string()
    .transform((file) => path.resolve(file))
    .refine((file) => existsSync(file) && statSync(file).isFile(), 'no such file: give the path of a JSON array of source settings')
    .optional(),
  HARVEST_ON_START: flag('true'),
  HARVEST_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(1440),
  HARVEST_PAGE_SIZE: positiveInt(100),
  HARVEST_TIMEOUT_MS: positiveInt(30_000),
  HARVEST_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  HARVEST_REQUESTS_PER_SECOND: z.coerce.number().positive().max(100).default(5),
  SEARCH_SYNONYMS_FILE: z.string().min(1).optional(),
  REDIS_URL: optionalUrl,
  REDIS_PREFIX: z.string().min(1).default('pds'),
  JOB_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  MEILI_URL: optionalUrl,
  MEILI_KEY: z.string().optional(),
  MEILI_INDEX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('providers'),
  /** One Meilisearch HTTP request at most this long; a search that takes longer answers SEARCH_UNAVAILABLE. */
  MEILI_TIMEOUT_MS: positiveInt(30_000),
  ADMIN_API_KEY: z.string().min(16, 'at least 16 characters').optional(),
  /**
   * Lets sources an admin sets (and SOURCES_FILE's) reach loopback, private and link-local
   * addresses: for on-premise payers and tests. SOURCES and the CLI may always.
   */
  ALLOW_PRIVATE_SOURCES: flag('false'),
  /** Lets a source with headers (an API key) use http://, sending the key in clear text. */
  ALLOW_INSECURE_SOURCE_HEADERS: flag('false'),
  /**
   * Signs search cursors so they cannot be forged; random per process when unset, so API replicas
   * behind one load balancer must share one.
   */
  CURSOR_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** `off`: a fresh start with nothing to serve stays empty instead of indexing synthetic demo data. */
  DEMO_DATA: z.enum(['on', 'off']).default('on'),
  /** Origins whose pages may call the API from a browser (the widget): `*`, or comma-separated origins. */
  WIDGET_ORIGINS: z
    .string()
    .default('*')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    ),
  /** `off` for benchmarks and load tests: no per-client request budget on /graphql. */
  RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  /** Requests one client (API key, else IP) may make to /graphql per window. */
  RATE_LIMIT_POINTS: positiveInt(600),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  /** Keys clients send in `x-api-key` to get a budget of their own instead of their IP's; others are ignored. */
  API_KEYS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    ),
  /**
   * Express's `trust proxy`: which proxies' X-Forwarded-For names the client, for replicas behind a
   * load balancer. `false` (default), `true`, a hop count, or comma-separated addresses/subnets.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value): boolean | number | string =>
      value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value,
    ),
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** How long SIGTERM waits for requests in flight before closing their connections. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Most a GraphQL operation may cost (see README "Limits"); over it is refused before running. */
  QUERY_MAX_COST: positiveInt(25_000),
  /** Most aliases one operation may hold. */
  QUERY_MAX_ALIASES: positiveInt(15),
  /** Deepest field nesting one operation may have. */
  QUERY_MAX_DEPTH: positiveInt(12),
  /** Most tokens a query document may hold; the parser stops at the limit. */
  QUERY_MAX_TOKENS: positiveInt(2_000),
  /** `true`: only the widget's queries and PERSISTED_QUERIES_FILE's are served. */
  PERSISTED_QUERIES_ONLY: flag('false'),
  /** A JSON object of SHA-256 hash -> query served besides the widget's (with PERSISTED_QUERIES_ONLY). */
  PERSISTED_QUERIES_FILE: z
    .string()
    .transform((file) => path.resolve(file))
    .refine((file) => existsSync(file) && statSync(file).isFile(), 'no such file: give the path of a JSON object of sha256 hash -> query')
    .optional(),
  /** Seconds a browser or CDN may reuse a search answer (Cache-Control max-age); 0 sends no-cache. */
  SEARCH_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = Omit<z.output<typeof schema>, 'DATA_DIR'> & { DATA_DIR: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once; lists every problem at once so a deploy fails fast and fully. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(blankAsUnset);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}

export const APP_CONFIG = Symbol('AppConfig');
