import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

/** How often idle keep-alive connections are closed while requests in flight finish. */
const SWEEP_MS = 50;

/**
 * Stops accepting connections, lets requests in flight finish for up to `graceMs`, then cuts
 * whatever is left. Keep-alive connections are closed as soon as they are idle: a client's
 * open connection would otherwise hold the server open until the grace runs out.
 * Resolves true when every request finished within the grace.
 */
export async function closeServerGracefully(server: Server, graceMs: number): Promise<boolean> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweeper = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
  try {
    const finished = await Promise.race([closed.then(() => true), delay(graceMs).then(() => false)]);
    if (!finished) {
      server.closeAllConnections();
      await closed;
    }
    return finished;
  } finally {
    clearInterval(sweeper);
  }
}
