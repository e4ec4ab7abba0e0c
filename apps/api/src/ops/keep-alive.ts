import type { Server } from 'node:http';

/** Longer than the 60 s idle timeout of common load balancers (AWS ALB, Google Cloud). */
const KEEP_ALIVE_MS = 65_000;

/**
 * Node closes an idle keep-alive connection after 5 s. A balancer that keeps it longer sends the
 * next request into a closing socket and answers 502; and when an index build holds the event loop
 * for longer than that, the timer fires before the request already waiting on the socket is read,
 * so the client sees "other side closed". Idle connections are still closed at once on shutdown.
 */
export function keepConnectionsAlive(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Node requires the header timeout to outlast the keep-alive one, or a slow reused connection is cut.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
