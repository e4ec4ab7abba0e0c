import autocannon from 'autocannon';
import { HTTP_CONNECTIONS, type HttpFigures } from '../http-load';
import { hasGraphqlErrors, type LoadClass, type LoadMix, type MixRequest, nextPageCursor } from './load-mix';

/** The bench's HTTP figures, where `errors` also counts 2xx answers carrying GraphQL errors. */
export interface MixFigures extends HttpFigures {
  graphqlErrors: number;
  /** Requests sent per class, to show the mix was a mix. */
  byClass: Partial<Record<LoadClass, number>>;
  /** The first failing answer, so a failure says what it was. */
  firstError: string | null;
}

export interface MixRun {
  /** A timed run... */
  seconds?: number;
  /** ...or a number of requests. */
  amount?: number;
  /** Called once, when this many answers have come back (a soak's early RSS reading). */
  checkpoint?: { after: number; run: () => void };
}

interface ConnectionContext {
  current?: MixRequest;
  after?: string | null;
}

/**
 * 16 connections against /graphql, each sending a drawn request and then, when that was a paged
 * query with a next page, the next page by its cursor (else another drawn request). Every answer's
 * body is checked: a 200 with GraphQL errors counts as an error.
 */
export async function runMix(graphqlUrl: string, mix: LoadMix, run: MixRun): Promise<MixFigures> {
  const byClass: Partial<Record<LoadClass, number>> = {};
  let graphqlErrors = 0;
  let answers = 0;
  let firstError: string | null = null;
  const send = (request: autocannon.Request, context: ConnectionContext, drawn: MixRequest) => {
    context.current = drawn;
    byClass[drawn.class] = (byClass[drawn.class] ?? 0) + 1;
    return { ...request, body: drawn.body };
  };
  const onResponse = (status: number, body: string, raw: object) => {
    const context = raw as ConnectionContext;
    answers++;
    if (run.checkpoint && answers === run.checkpoint.after) run.checkpoint.run();
    const failed = status < 200 || status >= 300 || hasGraphqlErrors(body);
    if (failed) {
      if (status >= 200 && status < 300) graphqlErrors++;
      firstError ??= `${context.current?.class} ${status}: ${body.slice(0, 300)}`;
    }
    context.after = !failed && context.current?.pages ? nextPageCursor(body) : null;
  };
  const result = await autocannon({
    url: graphqlUrl,
    connections: HTTP_CONNECTIONS,
    pipelining: 1,
    ...(run.amount ? { amount: run.amount } : { duration: run.seconds ?? 10 }),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      { setupRequest: (request, context) => send(request, context as ConnectionContext, mix.next()), onResponse },
      {
        setupRequest: (request, raw) => {
          const context = raw as ConnectionContext;
          const paged = context.current?.pages;
          const next: MixRequest = paged && context.after ? { class: 'Q4', body: mix.nextPage(paged, context.after), pages: paged } : mix.next();
          return send(request, context, next);
        },
        onResponse,
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx + graphqlErrors,
    non2xx: result.non2xx,
    graphqlErrors,
    byClass,
    firstError,
  };
}
