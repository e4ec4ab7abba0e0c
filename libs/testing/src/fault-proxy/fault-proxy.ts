import { once } from 'node:events';
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyBodyFault } from './body-faults';
import { type ExpiredPageAnswer, OpaquePages } from './opaque-pages';
import { FAULT_KINDS, type FaultKind, FaultPicker, type FaultPlan, UPSTREAM_FREE_FAULTS } from './fault-plan';

export interface FaultProxyOptions {
  /** The upstream FHIR base URL, e.g. a test FHIR server's `baseUrl`. */
  target: string;
  faults: FaultPlan;
  /** Seeds the draws of `faults.rates` (default 1). */
  seed?: number;
  /** Default 0: an ephemeral port. A proxy restarted on its old port serves the same base URL. */
  port?: number;
  /**
   * Pages as HAPI does, with opaque `_getpages` tokens held in the proxy's memory (see
   * `OpaquePages`); `expired` is the answer to a token it does not hold (default 410).
   */
  opaquePaging?: { expired?: ExpiredPageAnswer };
}

export interface FaultProxyStats {
  /** Requests received, faulted or not. */
  requests: number;
  /** Faults injected, by kind; a body fault that did not apply (no next link to drop) is not counted. */
  faults: Record<FaultKind, number>;
}

export interface FaultProxy {
  /** The target's base URL with the proxy's origin: `http://127.0.0.1:{port}/fhir`. */
  baseUrl: string;
  stats: FaultProxyStats;
  /** Replaces the plan; `at` counts again from the next request. */
  setFaults(plan: FaultPlan): void;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of a FHIR server that breaks answers the way real payer endpoints do,
 * at rates and places the test sets, deterministically for a seed (given the same order of
 * requests). Absolute URLs of the target in bodies and in Location / Content-Location headers are
 * rewritten to the proxy, so `next` links and `fullUrl`s lead back through it.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const picker = new FaultPicker(options.faults, options.seed ?? 1);
  const stats: FaultProxyStats = { requests: 0, faults: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number> };
  const agent = new Agent({ keepAlive: true });
  const held = new Set<NodeJS.Timeout>();
  const pages = options.opaquePaging ? new OpaquePages(options.opaquePaging.expired ?? 410) : null;
  let origin = '';
  const basePath = target.pathname.replace(/\/$/, '');

  const injected = (kind: FaultKind) => stats.faults[kind]++;

  const answerWithoutUpstream = (kind: FaultKind, req: IncomingMessage, res: ServerResponse) => {
    injected(kind);
    const plan = picker.current;
    switch (kind) {
      case 'timeout': {
        const timer = setTimeout(() => {
          held.delete(timer);
          req.socket.destroy();
        }, plan.holdMs ?? 2 ** 31 - 1);
        held.add(timer);
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
      case 'throttle':
      case 'unavailable': {
        const status = kind === 'throttle' ? 429 : 503;
        res.writeHead(status, { 'Content-Type': 'text/plain', 'Retry-After': retryAfter(plan) }).end(`injected ${status}`);
        return;
      }
      default: {
        const status = Number(kind.slice('http-'.length));
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`injected ${status}`);
      }
    }
  };

  const forward = async (kind: FaultKind | null, req: IncomingMessage, res: ServerResponse, upstreamPath: string) => {
    const upstream = await send(new URL(upstreamPath, target.origin), req, agent);
    const headers = { ...upstream.headers };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    delete headers.connection;
    delete headers['keep-alive'];
    for (const name of ['location', 'content-location'] as const) {
      const value = headers[name];
      if (typeof value === 'string') headers[name] = value.replaceAll(target.origin, origin);
    }
    const status = upstream.status ?? 502;
    if (!/json|text|xml/.test(String(headers['content-type'] ?? ''))) {
      res.writeHead(status, { ...headers, 'content-length': String(upstream.body.length) }).end(upstream.body);
      return;
    }
    let body = upstream.body.toString('utf8').replaceAll(target.origin, origin);
    if (pages && status >= 200 && status < 300) {
      const token = new URL(req.url ?? '/', origin).searchParams.get('_getpages');
      body = pages.rewrite(body, `${origin}${basePath}`, token);
    }
    // Body faults break answers that would have been good; an upstream error passes as it is.
    const faulted = kind && status >= 200 && status < 300 ? applyBodyFault(kind, body, { requestUrl: `${origin}${req.url}` }) : null;
    if (kind && faulted) {
      injected(kind);
      body = faulted.body;
      if (faulted.contentType) headers['content-type'] = faulted.contentType;
    }
    // A truncated answer ends cleanly and without a length, as from a server that lost its place.
    if (kind !== 'truncate' || !faulted) headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(status, headers).end(body);
  };

  const server = createServer((req, res) => {
    stats.requests++;
    const kind = picker.pick(req.url ?? '/');
    if (kind && UPSTREAM_FREE_FAULTS.has(kind)) {
      req.resume();
      answerWithoutUpstream(kind, req, res);
      return;
    }
    const paged = pages?.resolve(req.url ?? '/') ?? null;
    if (paged && 'expired' in paged) {
      req.resume();
      res.writeHead(paged.expired.status, { 'Content-Type': 'application/fhir+json' }).end(paged.expired.body);
      return;
    }
    forward(kind, req, res, paged?.upstream ?? req.url ?? '/').catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`the fault proxy could not reach its target: ${(error as Error).message}`);
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: `${origin}${basePath}`,
    stats,
    setFaults: (plan) => picker.replace(plan),
    close: async () => {
      for (const timer of held) clearTimeout(timer);
      held.clear();
      agent.destroy();
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeAllConnections(); // held requests and keep-alive sockets would hold close() open
      await closed;
    },
  };
}

function retryAfter({ retryAfter: { seconds, form = 'seconds' } = { seconds: 1 } }: FaultPlan): string {
  if (form === 'seconds') return String(seconds);
  // An HTTP-date has whole seconds: round up, so the wait asked is never shorter than `seconds`.
  return new Date(Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000).toUTCString();
}

interface UpstreamAnswer {
  status: number | undefined;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Sends `req` on to `url` and reads the whole answer; asks for no compression so bodies can be rewritten. */
async function send(url: URL, req: IncomingMessage, agent: Agent): Promise<UpstreamAnswer> {
  const headers = { ...req.headers, host: url.host };
  delete headers['accept-encoding'];
  const upstream = request(url, { method: req.method, headers, agent });
  req.pipe(upstream);
  const [response] = (await once(upstream, 'response')) as [IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) };
}
