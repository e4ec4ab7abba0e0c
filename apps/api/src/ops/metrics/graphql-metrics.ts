import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { Histogram, type Registry } from 'prom-client';

export type Outcome = 'ok' | 'user_error' | 'refused' | 'error';

/** Codes of requests the service would not run: over a limit, not allowed in this mode. */
const REFUSED = new Set(['RATE_LIMITED', 'QUERY_TOO_COMPLEX', 'PERSISTED_QUERY_NOT_SUPPORTED', 'PERSISTED_QUERY_NOT_LISTED']);
/** Codes of requests the caller got wrong: fixing the request fixes them. */
const USER_ERRORS = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);
/** A write the index accepted and will apply: the caller got what it asked for. */
const ACCEPTED = new Set(['PENDING']);

/** Clients name operations freely: past this many distinct names the rest count as `other`. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** Request latency per GraphQL operation name and outcome. */
export class GraphQLMetrics {
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly names = new Set<string>();

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'pds_graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name and outcome (ok, user_error, refused, error)',
      labelNames: ['operation', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  observe(operationName: string | null | undefined, outcome: Outcome, startedNs: bigint): void {
    const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
    this.duration.observe({ operation: this.label(operationName), outcome }, seconds);
  }

  /** Times every request Apollo answers, from its start to the answer being sent. */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          willSendResponse: async ({ operationName, response, errors }) => {
            const sent = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
            this.observe(operationName, outcomeOf(sent ?? errors), started);
          },
        };
      },
    };
  }

  private label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'invalid';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }
}

/** The worst of the answer's errors decides: an error outranks a refusal, which outranks bad input. */
export function outcomeOf(errors: ReadonlyArray<GraphQLFormattedError> | undefined): Outcome {
  let outcome: Outcome = 'ok';
  for (const error of errors ?? []) {
    const code = String(error.extensions?.code ?? '');
    if (ACCEPTED.has(code)) continue;
    if (USER_ERRORS.has(code)) outcome = outcome === 'ok' ? 'user_error' : outcome;
    else if (REFUSED.has(code)) outcome = outcome === 'error' ? 'error' : 'refused';
    else return 'error';
  }
  return outcome;
}
