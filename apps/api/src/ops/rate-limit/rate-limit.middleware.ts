import type { AppConfig } from '@pds/config';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { matchesAdminKey } from '../../admin/admin-key';
import type { GraphQLMetrics } from '../metrics/graphql-metrics';
import { clientKey } from './client-key';
import { rateLimitPolicy, rateLimitState } from './rate-limit-headers';
import type { RequestLimiter } from './request-limiter';

/**
 * Spends one unit of the client's budget per /graphql request and says where it stands in the
 * RateLimit fields; over budget it answers 429 with Retry-After before GraphQL parses anything.
 * Calls with a valid admin key are not metered (and carry no RateLimit fields).
 */
export function rateLimitMiddleware(config: AppConfig, limiter: RequestLimiter, metrics: GraphQLMetrics): RequestHandler {
  const apiKeys = new Set(config.API_KEYS);
  const policy = rateLimitPolicy(config.RATE_LIMIT_POINTS, config.RATE_LIMIT_WINDOW_SECONDS);
  const adminKey = config.ADMIN_API_KEY;
  return (request: Request, response: Response, next: NextFunction) => {
    if (adminKey && matchesAdminKey(request.headers['x-admin-key'], adminKey)) return next();
    const started = process.hrtime.bigint();
    limiter.consume(clientKey(request, apiKeys)).then(
      (decision) => {
        response.setHeader('RateLimit-Policy', policy);
        if (decision.outcome === 'unmetered') return next();
        response.setHeader('RateLimit', rateLimitState(decision.remaining, decision.resetSeconds));
        if (decision.outcome === 'allowed') return next();
        response.setHeader('Retry-After', String(decision.resetSeconds));
        response.status(429).json({
          errors: [
            {
              message: `Too many requests: this client may make ${config.RATE_LIMIT_POINTS} requests per ${config.RATE_LIMIT_WINDOW_SECONDS} s; retry after ${decision.resetSeconds} s.`,
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds: decision.resetSeconds },
            },
          ],
        });
        metrics.observe(operationName(request), 'refused', started);
      },
      (error: unknown) => next(error),
    );
  };
}

/** The operation a refused request named, as far as the (already parsed) body or query string says. */
function operationName(request: Request): string | undefined {
  const body = request.body as { operationName?: unknown } | undefined;
  const name = body?.operationName ?? request.query?.operationName;
  return typeof name === 'string' ? name : undefined;
}
