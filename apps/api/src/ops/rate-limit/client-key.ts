import { createHash } from 'node:crypto';
import type { Request } from 'express';

/** The header a client names its API key in; a key listed in API_KEYS gets its own budget. */
export const API_KEY_HEADER = 'x-api-key';

/**
 * Whose budget a request spends: a known API key's, else its IP's (`req.ip`, which follows
 * TRUST_PROXY). An unknown key is ignored rather than trusted, or a client could mint a fresh
 * budget per request. Keys are hashed so none is stored in Redis.
 */
export function clientKey(request: Request, apiKeys: ReadonlySet<string>): string {
  const given = request.headers[API_KEY_HEADER];
  if (typeof given === 'string' && apiKeys.has(given)) return `key:${createHash('sha256').update(given).digest('hex').slice(0, 32)}`;
  return `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
}
