/** Settings that would make a bench child distributed, or harvest and guard what the bench did not ask for. */
const CALLER_ONLY = ['REDIS_URL', 'MEILI_URL', 'MEILI_KEY', 'SOURCES', 'SOURCES_FILE', 'ADMIN_API_KEY'];

/**
 * The environment of a bench child process (the API, the harvest CLI): the caller's, minus what
 * would point it at Redis, Meilisearch or configured sources, plus the bench's own settings, so
 * every figure is of the embedded defaults. The per-client rate limit is off: the bench is one client
 * asking far beyond any public budget on purpose.
 */
export function benchChildEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT: 'off' };
  for (const name of CALLER_ONLY) delete env[name];
  return Object.assign(env, settings);
}

/**
 * The V8 flags `npm run harvest`, `npm run start:worker` and the image (NODE_OPTIONS) run the
 * processes that build indexes with, so the bench measures the processes an operator runs.
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The V8 flags `npm start` and the compose file's `api` run the API with (README, Configuration). */
export const API_NODE_FLAGS = ['--max-semi-space-size=16'];
